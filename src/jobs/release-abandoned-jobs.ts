import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * How long a worker may stay silent, and a job stay locked, before the lock is taken back. Well
 * above the heartbeat (10 s) and a Zoom call's timeout, so a live worker that merely lost the
 * database for a moment keeps its jobs.
 */
export const abandonedAfterSeconds = 60;

/**
 * A worker process killed outright (SIGKILL, the OOM killer, a lost machine) cannot release the
 * jobs it held, and graphile-worker only takes such locks back after four hours; meanwhile the
 * event's queue is blocked and its meeting never made. Every live worker therefore releases the
 * jobs whose holder has stopped saying it is alive (its heartbeat id is the id it locks jobs with).
 */
export async function releaseAbandonedJobs(db: Kysely<Schema>): Promise<string[]> {
  const { rows } = await sql<{ locked_by: string }>`
    select distinct jobs.locked_by
    from graphile_worker.jobs as jobs
    where jobs.locked_by is not null
      and jobs.locked_at < now() - make_interval(secs => ${abandonedAfterSeconds})
      and not exists (
        select 1 from worker_heartbeats as beats
        where beats.worker_id = jobs.locked_by
          and beats.seen_at > now() - make_interval(secs => ${abandonedAfterSeconds})
      )
  `.execute(db);
  const holders = rows.map((row) => row.locked_by);
  if (holders.length === 0) return holders;
  await sql`select graphile_worker.force_unlock_workers(${holders}::text[])`.execute(db);
  await db.deleteFrom("worker_heartbeats").where("worker_id", "in", holders).execute();
  return holders;
}
