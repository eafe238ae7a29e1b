import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { isDatabaseUnavailable } from "../../src/db/database-unavailable.ts";
import { addJob } from "../../src/jobs/enqueue-job.ts";
import { releaseAbandonedJobs } from "../../src/jobs/release-abandoned-jobs.ts";
import { useTestDatabase } from "../support/test-database.ts";

const { db } = await useTestDatabase();

/** A job in its own queue, locked `minutesAgo` by the worker `holder`, as get_job leaves it. */
async function lockedJob(holder: string, minutesAgo: number) {
  const id = await addJob(db, "fault_test_task", {}, { queueName: `queue-${holder}` });
  const at = sql`now() - make_interval(mins => ${minutesAgo})`;
  await sql`update graphile_worker._private_jobs set locked_by = ${holder}, locked_at = ${at}
    where id = ${id}::bigint`.execute(db);
  await sql`update graphile_worker._private_job_queues set locked_by = ${holder}, locked_at = ${at}
    where queue_name = ${`queue-${holder}`}`.execute(db);
  return id;
}

async function lockOf(id: string) {
  const { rows } = await sql<{ locked_by: string | null }>`
    select locked_by from graphile_worker.jobs where id = ${id}::bigint`.execute(db);
  return rows[0]?.locked_by ?? null;
}

async function beat(workerId: string, secondsAgo: number) {
  await sql`insert into worker_heartbeats (worker_id, hostname, pid, seen_at)
    values (${workerId}, 'test', 1, now() - make_interval(secs => ${secondsAgo}))`.execute(db);
}

test("jobs held by a worker that stopped beating are released for others; a live worker keeps its own", async () => {
  await beat("pool-dead", 600);
  await beat("pool-alive", 2);
  const dead = await lockedJob("pool-dead", 5);
  const vanished = await lockedJob("pool-never-seen", 5);
  const alive = await lockedJob("pool-alive", 5);
  const justTaken = await lockedJob("pool-starting", 0);

  const released = await releaseAbandonedJobs(db);

  assert.deepEqual(released.sort(), ["pool-dead", "pool-never-seen"]);
  assert.equal(await lockOf(dead), null);
  assert.equal(await lockOf(vanished), null);
  assert.equal(await lockOf(alive), "pool-alive", "a live worker's job is left alone");
  assert.equal(await lockOf(justTaken), "pool-starting", "a lock just taken is left alone");
  const { rows } = await sql<{ locked_by: string | null }>`
    select locked_by from graphile_worker._private_job_queues
    where queue_name in ('queue-pool-dead', 'queue-pool-never-seen')`.execute(db);
  assert.deepEqual(
    rows.map((row) => row.locked_by),
    [null, null],
    "their queues are free again",
  );
});

test("errors that mean the database went away are told apart from errors in a query", () => {
  const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
  });
  const shutdown = Object.assign(new Error("terminating connection"), { code: "57P01" });
  const starting = Object.assign(new Error("the database system is starting up"), {
    code: "57P03",
  });
  assert.ok(isDatabaseUnavailable(refused));
  assert.ok(isDatabaseUnavailable(shutdown));
  assert.ok(isDatabaseUnavailable(starting));
  assert.ok(isDatabaseUnavailable(new Error("Connection terminated unexpectedly")));
  assert.ok(isDatabaseUnavailable(new Error("wrapped", { cause: refused })));
  assert.ok(isDatabaseUnavailable(new AggregateError([refused], "all addresses failed")));
  const syntax = Object.assign(new Error("syntax error"), { code: "42601" });
  const unique = Object.assign(new Error("duplicate key"), { code: "23505" });
  assert.ok(!isDatabaseUnavailable(syntax));
  assert.ok(!isDatabaseUnavailable(unique));
  assert.ok(!isDatabaseUnavailable(new Error("Something else")));
});
