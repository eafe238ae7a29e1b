import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { eventually, startConferencingWorld } from "../../support/conferencing-world.ts";
import {
  conferencingStates,
  meetingsPerEvent,
  upsertEvents,
} from "../../support/event-outcomes.ts";
import { secretsFoundIn, zoomSecrets } from "../../support/secrets-in-text.ts";
import { workerProcesses } from "../../support/worker-processes.ts";

const { zoom, confab, api, calendarFor, linkZoom, db, vault } = await startConferencingWorld(
  {},
  { inProcessWorker: false },
);
const workers = workerProcesses({
  ...zoom.env,
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

test("worker processes killed with SIGKILL in the middle of provisioning, again and again, leave every event assigned with exactly one Zoom meeting", {
  timeout: 600_000,
}, async () => {
  const calendar = await calendarFor("killed");
  await linkZoom(calendar.sub, zoom.users.member);
  // Zoom takes its time over each creation, so that kills land while creations are in flight.
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    delay_ms: 1500,
    times: 100_000,
  });
  const eventIds = Array.from({ length: 40 }, (_, n) => `killed-${n}`);
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
    240_000,
    "every event assigned",
  ).catch(async (error) => {
    const locked = await sql<{ locked_by: string; jobs: number }>`
      select locked_by, count(*)::int as jobs from graphile_worker.jobs
      where locked_by is not null group by locked_by`.execute(db);
    throw new Error(
      `${(error as Error).message}; states ${JSON.stringify(await conferencingStates(db))}; locked jobs ${JSON.stringify(locked.rows)}`,
    );
  });
  const perEvent = await meetingsPerEvent(zoom.control);
  assert.equal(perEvent.size, eventIds.length, "one meeting for each event, no stray meeting");
  for (const [marker, count] of perEvent) assert.equal(count, 1, `${marker} has ${count} meetings`);
});

test("no line the worker processes logged through it holds a Zoom token or secret", async () => {
  const found = secretsFoundIn(workers.outputs(), await zoomSecrets(db, vault));
  assert.ok(workers.outputs().length > 0, "the workers logged something");
  assert.deepEqual(found, []);
});
