import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { conferencingStates, upsertEvents } from "../support/event-outcomes.ts";
import { microsoftSecrets, secretsFoundIn } from "../support/secrets-in-text.ts";
import { workerProcesses } from "../support/worker-processes.ts";

/**
 * One Teams connection used by three `confab worker` processes at once as its access token
 * expires, at Microsoft (the sandbox's clock past the hour) and in confab's record of it. Every
 * refresh gives a new refresh token (Microsoft rotates them): the one refresh per expiry must be
 * kept, and the others must find the token fresh rather than refresh again.
 */
const world = await startConferencingWorld({}, { inProcessWorker: false, microsoft: true });
const { zoom, confab, api, calendarFor, linkTeams, db, vault } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const workers = workerProcesses({
  ...zoom.env,
  ...microsoft.env,
  DATABASE_URL: confab.testDatabase.connectionString,
  CONFAB_SECRET_KEY: confab.config.secretKey as string,
  PUBLIC_URL: confab.url,
  CONFAB_WORKER_CONCURRENCY: "4",
});

const pendingProvisioning = async () =>
  Number(
    (
      await sql<{ count: number }>`
        select count(*)::int as count from graphile_worker.jobs
        where task_identifier = 'conferencing:provision_meeting'`.execute(db)
    ).rows[0]?.count,
  );

async function heldRefreshToken(connectionId: string) {
  const row = await db
    .selectFrom("provider_connections")
    .select("refresh_token")
    .where("id", "=", connectionId)
    .executeTakeFirstOrThrow();
  return vault.decrypt(row.refresh_token as string, "provider_connections.refresh_token");
}

test("three worker processes on one Teams connection at its token's expiry refresh it exactly once per expiry, keep the rotated refresh token, and never mark the connection broken", {
  timeout: 600_000,
}, async () => {
  const calendar = await calendarFor("three-processes");
  const host = await microsoft.addWorkUser("three-processes@acme.example");
  const connectionId = await linkTeams(calendar.sub, host);
  await Promise.all([workers.start(), workers.start(), workers.start()]);
  const eventIds = Array.from({ length: 24 }, (_, n) => `shared-${n}`);
  await upsertEvents(api, calendar, eventIds);
  await eventually(
    async () => (await conferencingStates(db, eventIds)).assigned === eventIds.length,
    120_000,
    "every event assigned",
  );

  for (let expiry = 1; expiry <= 2; expiry++) {
    // The hour passes: Microsoft's token is expired, and so is confab's record of it.
    await microsoft.control("POST", "/clock", { advance_seconds: 3700 });
    await db
      .updateTable("provider_connections")
      .set({ access_token_expires_at: sql`now() - interval '1 minute'` })
      .where("id", "=", connectionId)
      .execute();
    const before = await heldRefreshToken(connectionId);
    await microsoft.control("DELETE", "/calls");
    // Microsoft takes its time over the refresh, so that the other processes reach the expired
    // token while it is under way.
    await microsoft.control("POST", "/faults", {
      match: { method: "POST", path: "*/oauth2/v2.0/token" },
      delay_ms: 1500,
      times: 1,
    });
    await upsertEvents(api, calendar, eventIds, { summary: `Changed after expiry ${expiry}` });
    await eventually(
      async () =>
        (await pendingProvisioning()) === 0 &&
        (await microsoft.calls({ method: "PATCH" })).filter((c) => c.status === 200).length ===
          eventIds.length,
      120_000,
      `every event updated after expiry ${expiry}`,
    );
    const tokenCalls = (await microsoft.calls()).filter((call) =>
      call.path.endsWith("/oauth2/v2.0/token"),
    );
    assert.deepEqual(
      tokenCalls.map((call) => call.status),
      [200],
      `exactly one refresh for expiry ${expiry}`,
    );
    assert.equal(
      (await microsoft.calls({ status: 401 })).length,
      0,
      "no Graph call went out with the expired token",
    );
    assert.notEqual(await heldRefreshToken(connectionId), before, "the rotated token is kept");
  }
  const connections = await db
    .selectFrom("provider_connections")
    .select(["status", "status_reason", "refresh_count"])
    .where("provider", "=", "ms_teams")
    .execute();
  assert.deepEqual(connections, [{ status: "connected", status_reason: null, refresh_count: 2 }]);
  assert.equal((await conferencingStates(db, eventIds)).assigned, eventIds.length);
});

test("no line the worker processes logged holds a Microsoft token or the app's client secret", async () => {
  assert.ok(workers.outputs().length > 0, "the workers logged something");
  assert.deepEqual(secretsFoundIn(workers.outputs(), await microsoftSecrets(db, vault)), []);
});
