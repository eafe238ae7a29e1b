import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { MetricsRegistry } from "./metrics-registry.ts";

/**
 * Readings of the shared database, taken at scrape time: the same in every process that serves
 * /metrics (aggregate them with max, not sum). They show the work waiting for workers, whichever
 * process will do it, so a web-only scrape still sees a stuck queue.
 */
export async function exposeDatabaseGauges(db: Kysely<Schema>): Promise<string> {
  const registry = new MetricsRegistry();
  const up = registry.gauge("confab_database_up", "1 when the database answered this scrape.");
  try {
    const events = registry.gauge(
      "confab_events_by_conferencing_state",
      "Events (not deleted) whose meeting is pending or failing, by state.",
      ["state"],
    );
    const states = await db
      .selectFrom("events")
      .select(["conferencing_state", sql<number>`count(*)::int`.as("count")])
      .where("deleted_at", "is", null)
      .where("conferencing_state", "in", ["pending", "failing"])
      .groupBy("conferencing_state")
      .execute();
    for (const state of ["pending", "failing"] as const) {
      events.set({ state }, states.find((s) => s.conferencing_state === state)?.count ?? 0);
    }

    const jobs = registry.gauge(
      "confab_jobs_queued",
      "Jobs in the queue by task and whether they are due, scheduled for later, or running.",
      ["task", "state"],
    );
    const { rows } = await sql<{ task: string; state: string; count: number }>`
      select task_identifier as task,
             case when locked_at is not null then 'running'
                  when run_at > now() then 'scheduled' else 'due' end as state,
             count(*)::int as count
      from graphile_worker.jobs
      group by 1, 2
    `.execute(db);
    for (const row of rows) jobs.set({ task: row.task, state: row.state }, row.count);

    const workers = registry.gauge(
      "confab_workers_alive",
      "Worker processes that said they were alive in the last 30 seconds.",
    );
    const alive = await sql<{ count: number }>`
      select count(*)::int as count from worker_heartbeats where seen_at > now() - interval '30 seconds'
    `.execute(db);
    workers.set({}, alive.rows[0]?.count ?? 0);
    up.set({}, 1);
    return registry.expose();
  } catch {
    // The process's own metrics still matter most when the database does not answer.
    const down = new MetricsRegistry();
    down.gauge("confab_database_up", "1 when the database answered this scrape.").set({}, 0);
    return down.expose();
  }
}
