import assert from "node:assert/strict";
import { before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { Task } from "graphile-worker";
import { sql } from "kysely";
import { addJob } from "../../src/jobs/enqueue-job.ts";
import { startWorker } from "../../src/jobs/start-worker.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { cleanup } from "../support/cleanup.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();
const { db } = database;

const record: Task = async (payload) => {
  const { label } = payload as { label: string };
  await sql`insert into job_runs (label) values (${label})`.execute(db);
};

async function runs(): Promise<string[]> {
  const { rows } = await sql<{ label: string }>`select label from job_runs order by id`.execute(db);
  return rows.map((r) => r.label);
}

async function pendingJobs(): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`select count(*)::int as n from graphile_worker.jobs`.execute(db);
  return rows[0]?.n ?? -1;
}

async function until(condition: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await sleep(50);
  }
  assert.fail(`timed out waiting for ${what}`);
}

before(async () => {
  await sql`create table job_runs (id serial primary key, label text not null)`.execute(db);
});

test("a job enqueued in a transaction that rolls back never runs; a committed one runs once", async () => {
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await addJob(trx, "record", { label: "rolled back" });
      throw new Error("the write that needed the job failed");
    }),
    /the write that needed the job failed/,
  );
  assert.equal(await pendingJobs(), 0, "nothing is queued after the rollback");

  await db.transaction().execute(async (trx) => {
    await addJob(trx, "record", { label: "committed" });
  });
  assert.equal(await pendingJobs(), 1);

  const started = await startWorker({
    db,
    pool: database.pool,
    taskList: { record },
    concurrency: 2,
    logger: createLogger("silent"),
  });
  cleanup(() => started.stop());
  await until(async () => (await pendingJobs()) === 0, "the committed job to finish");
  // Give a duplicate run, if there were one, time to show.
  await sleep(300);
  assert.deepEqual(await runs(), ["committed"]);
});

test("jobs with the same key collapse into one run with the last payload", async () => {
  await db.transaction().execute(async (trx) => {
    for (const label of ["first", "second", "last"]) {
      await addJob(
        trx,
        "record",
        { label: `keyed ${label}` },
        {
          jobKey: "event:1",
          runAt: new Date(Date.now() + 200),
        },
      );
    }
  });
  await until(async () => (await runs()).some((l) => l.startsWith("keyed")), "the keyed job");
  await sleep(300);
  assert.deepEqual(
    (await runs()).filter((l) => l.startsWith("keyed")),
    ["keyed last"],
  );
});

test("a running worker is visible in the heartbeat table", async () => {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from worker_heartbeats where seen_at > now() - interval '30 seconds'`.execute(
    db,
  );
  assert.equal(rows[0]?.n, 1);
});
