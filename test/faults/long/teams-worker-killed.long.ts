import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { eventually, startConferencingWorld } from "../../support/conferencing-world.ts";
import { conferencingStates, upsertEvents } from "../../support/event-outcomes.ts";
import { microsoftSecrets, secretsFoundIn } from "../../support/secrets-in-text.ts";
import { workerProcesses } from "../../support/worker-processes.ts";

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

const inFlightCreates = async () =>
  Number(
    (
      await db
        .selectFrom("meetings")
        .select((eb) => eb.fn.countAll<number>().as("count"))
        .where("provider_meeting_id", "is", null)
        .executeTakeFirstOrThrow()
    ).count,
  );

test("worker processes killed with SIGKILL in the middle of making Teams meetings, again and again, leave every event assigned with exactly one Outlook event in the host's mailbox", {
  timeout: 600_000,
}, async () => {
  const calendar = await calendarFor("killed");
  const host = await microsoft.addWorkUser("killed@acme.example");
  await linkTeams(calendar.sub, host);
  // Outlook takes its time over each creation, so that kills land while creations are in flight.
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: "/v1.0/me/events" },
    delay_ms: 1500,
    times: 100_000,
  });
  const eventIds = Array.from({ length: 30 }, (_, n) => `killed-${n}`);
  await upsertEvents(api, calendar, eventIds);

  let victim = await workers.start();
  const survivor = await workers.start();
  for (let round = 0; round < 3; round++) {
    await eventually(async () => (await inFlightCreates()) > 0, 60_000, "a creation in flight");
    await victim.kill9();
    victim = await workers.start();
  }
  // One more, of a worker that may hold locked jobs, with no replacement for it.
  await eventually(async () => (await inFlightCreates()) > 0, 60_000, "a creation in flight");
  await survivor.kill9();

  await eventually(
    async () => (await conferencingStates(db)).assigned === eventIds.length,
    300_000,
    "every event assigned",
  ).catch(async (error) => {
    const locked = await sql<{ locked_by: string; jobs: number }>`
      select locked_by, count(*)::int as jobs from graphile_worker.jobs
      where locked_by is not null group by locked_by`.execute(db);
    throw new Error(
      `${(error as Error).message}; states ${JSON.stringify(await conferencingStates(db))}; locked jobs ${JSON.stringify(locked.rows)}`,
    );
  });
  const perEvent = await microsoft.eventsPerMarker(host);
  assert.equal(perEvent.size, eventIds.length, "one Outlook event for each event, no stray one");
  for (const [marker, count] of perEvent) assert.equal(count, 1, `${marker} has ${count} events`);
  const joinLinks = await db.selectFrom("meetings").select("join_url").execute();
  assert.equal(joinLinks.filter((row) => row.join_url?.includes("/teams/l/")).length, 30);
});

test("no line the killed and surviving worker processes logged holds a Microsoft token or secret", async () => {
  assert.ok(workers.outputs().length > 0, "the workers logged something");
  assert.deepEqual(secretsFoundIn(workers.outputs(), await microsoftSecrets(db, vault)), []);
});
