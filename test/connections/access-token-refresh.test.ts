import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import type { MeetingSpec } from "../../src/providers/provider.ts";
import { ProviderError } from "../../src/providers/provider-error.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { workerPools } from "../support/worker-pools.ts";
import { startConnectorWorld } from "../support/zoom-connector.ts";

const { world, confab, db, vault, provider, connected } = await startConnectorWorld();

function meeting(n: number): MeetingSpec {
  return meetingTomorrow(`Session ${n}`, `evt_${n}`);
}

/** The token is past its hour both at Zoom (clock) and in confab's record of it. */
async function expire(connectionId: string) {
  await world.control("POST", "/clock", { advance_seconds: 3700 });
  await db
    .updateTable("provider_connections")
    .set({ access_token_expires_at: sql`now() - interval '1 minute'` })
    .where("id", "=", connectionId)
    .execute();
}

test("many concurrent calls from several processes on an expired token refresh it exactly once", async () => {
  const id = await connected("personal", world.users.owner, "usr_busy");
  await expire(id);
  await world.control("DELETE", "/calls");
  // Four pools stand for four worker processes, each with its own database connections.
  const workers = workerPools(confab, vault, 4);
  const made = await Promise.all(
    Array.from({ length: 12 }, (_, n) =>
      withAccessToken(workers[n % 4] as (typeof workers)[0], id, (access) =>
        (workers[n % 4] as (typeof workers)[0]).provider.createMeeting(access, meeting(n)),
      ),
    ),
  );
  assert.equal(new Set(made.map((m) => m.id)).size, 12);
  const tokenCalls = await world.calls({ path: "/oauth/token" });
  assert.equal(tokenCalls.length, 1, "one refresh for all of them");
  assert.equal(tokenCalls[0]?.status, 200, "and no invalid_grant");
  const row = await db
    .selectFrom("provider_connections")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.equal(row.refresh_count, 1);
  assert.equal(row.status, "connected");
});

test("a token Zoom refuses (code 124) is refreshed once and the call retried once", async () => {
  const id = await connected("personal", world.users.member, "usr_124");
  // Zoom's clock passes the hour while confab still believes the token is fresh.
  await world.control("POST", "/clock", { advance_seconds: 3700 });
  await world.control("DELETE", "/calls");
  const created = await withAccessToken({ db, vault, provider }, id, (access) =>
    provider.createMeeting(access, meeting(100)),
  );
  assert.match(created.id, /^\d{10,11}$/);
  const calls = await world.calls();
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.path} ${c.status}`),
    ["POST /v2/users/me/meetings 401", "POST /oauth/token 200", "POST /v2/users/me/meetings 201"],
  );
});

test("a grant removed at Zoom marks the connection broken with a reason and deletes its tokens", async () => {
  const id = await connected("personal", world.users.other, "usr_removed");
  await world.control("POST", "/deauthorize", {
    client_id: "confab-user-app",
    user_email: world.users.other,
  });
  await assert.rejects(
    withAccessToken({ db, vault, provider }, id, (access) =>
      provider.createMeeting(access, meeting(200)),
    ),
    (error) => error instanceof ProviderError && error.kind === "connection_revoked",
  );
  const row = await db
    .selectFrom("provider_connections")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, "broken");
  assert.match(row.status_reason ?? "", /reconnect Zoom/);
  assert.equal(row.access_token, null);
  assert.equal(row.refresh_token, null);
});

test("a broken connection is not sent to Zoom at all", async () => {
  const row = await db
    .selectFrom("provider_connections")
    .select("id")
    .where("owner_ref", "=", "usr_removed")
    .executeTakeFirstOrThrow();
  await world.control("DELETE", "/calls");
  await assert.rejects(
    withAccessToken({ db, vault, provider }, row.id, () => Promise.resolve("unreachable")),
    /reconnect Zoom/,
  );
  assert.deepEqual(await world.calls(), []);
});
