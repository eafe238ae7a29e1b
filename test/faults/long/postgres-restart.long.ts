import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { startEmbeddedPostgres } from "../../../src/db/embedded-postgres.ts";
import { createLogger } from "../../../src/logging/create-logger.ts";
import { cleanup } from "../../support/cleanup.ts";
import { eventually, startConferencingWorld } from "../../support/conferencing-world.ts";
import { conferencingStates, eventBody, meetingsPerEvent } from "../../support/event-outcomes.ts";
import { secretsFoundIn, zoomSecrets } from "../../support/secrets-in-text.ts";
import { freePort } from "../../support/test-app.ts";
import { workerProcesses } from "../../support/worker-processes.ts";

// A PostgreSQL of this file's own, on a fixed port, so that it can be restarted under confab.
const logger = createLogger("silent");
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-pg-restart-"));
const port = await freePort();
let postgres = await startEmbeddedPostgres({ dataDir, logger, disposable: true, port });
cleanup(async () => {
  await postgres.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const { zoom, confab, api, calendarFor, linkZoom, db, vault } = await startConferencingWorld(
  { DATABASE_URL: postgres.url },
  { inProcessWorker: false },
);
const workers = workerProcesses({
  ...zoom.env,
  DATABASE_URL: postgres.url,
  CONFAB_SECRET_KEY: confab.config.secretKey as string,
  PUBLIC_URL: confab.url,
});

test("while PostgreSQL restarts under load, three times, the API answers 503, never 500, and every accepted event gets its one meeting after", {
  timeout: 600_000,
}, async () => {
  // Three hosts, so that no host reaches Zoom's 100 meetings a day.
  const calendars: Awaited<ReturnType<typeof calendarFor>>[] = [];
  for (const host of [zoom.users.owner, zoom.users.admin, zoom.users.member]) {
    const calendar = await calendarFor(`restart-${host}`);
    await linkZoom(calendar.sub, host);
    calendars.push(calendar);
  }
  const worker = await workers.start();

  const statuses = new Map<number, number>();
  const accepted: string[] = [];
  let next = 0;
  let loading = true;
  // Four clients, each sending its events one after the other and retrying an event until it
  // is accepted, as an application does with a 503.
  const clients = Array.from({ length: 4 }, async () => {
    while (loading) {
      const n = next++;
      const eventId = `restart-${n}`;
      const calendar = calendars[n % calendars.length] as (typeof calendars)[number];
      // Retried until accepted, or until the test stops the load: a database that never comes
      // back must fail the wait that expects it, not keep the clients (and the test) spinning.
      while (loading) {
        // A request that gets no answer at all is counted apart (status -1), and not waited for
        // past 20 s, so that it shows in the statuses rather than holding the test until its end.
        const reply = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
          token: calendar.token,
          body: eventBody(eventId),
          timeoutMs: 20_000,
        }).catch((error: Error) => ({ status: error.name === "TimeoutError" ? -1 : 0, body: {} }));
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        if (reply.status === 202) {
          accepted.push(eventId);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });

  const seen = () => JSON.stringify(Object.fromEntries(statuses));
  try {
    await eventually(async () => accepted.length >= 30, 60_000, "load under way");
    for (let restart = 0; restart < 3; restart++) {
      await postgres.stop();
      const down = accepted.length;
      const answered = [...statuses.values()].reduce((sum, count) => sum + count, 0);
      await eventually(
        async () => [...statuses.values()].reduce((sum, count) => sum + count, 0) >= answered + 20,
        60_000,
        "answers while the database is down",
      ).catch((error) => {
        throw new Error(`${error.message}: ${seen()}`);
      });
      assert.equal(accepted.length, down, "nothing is accepted while the database is down");
      postgres = await startEmbeddedPostgres({ dataDir, logger, disposable: true, port });
      await eventually(
        async () => accepted.length >= down + 30,
        120_000,
        "load accepted again",
      ).catch((error) => {
        throw new Error(`${error.message} after restart ${restart + 1}: ${seen()}`);
      });
    }
  } finally {
    loading = false;
    await Promise.all(clients);
  }

  assert.ok((statuses.get(503) ?? 0) > 0, `503 while the database was down: ${seen()}`);
  assert.deepEqual(
    [...statuses.keys()].filter((status) => status !== 202 && status !== 503),
    [],
    `only 202 and 503: ${seen()}`,
  );
  await eventually(
    async () => (await conferencingStates(db, accepted)).assigned === accepted.length,
    240_000,
    "every accepted event assigned",
  ).catch(async (error) => {
    const reasons = await db
      .selectFrom("events")
      .select(["conferencing_state", "conferencing_reason"])
      .where("event_id", "in", accepted)
      .where("conferencing_state", "!=", "assigned")
      .limit(3)
      .execute();
    const states = `${JSON.stringify(await conferencingStates(db, accepted))} ${JSON.stringify(reasons)}`;
    throw new Error(`${error.message}: ${states}; worker said: ${worker.output().slice(-3000)}`);
  });
  const perEvent = await meetingsPerEvent(zoom.control);
  assert.equal(perEvent.size, accepted.length);
  for (const [marker, count] of perEvent) assert.equal(count, 1, `${marker} has ${count} meetings`);
});

test("no line the worker processes logged through it holds a Zoom token or secret", async () => {
  const found = secretsFoundIn(workers.outputs(), await zoomSecrets(db, vault));
  assert.ok(workers.outputs().length > 0, "the workers logged something");
  assert.deepEqual(found, []);
});
