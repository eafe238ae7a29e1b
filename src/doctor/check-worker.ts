import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { workerSilenceSeconds } from "../health/check-readiness.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";

/**
 * Some worker, on any machine, said it was alive recently: without one, events stay pending and
 * no meeting is made. Readiness (`/readyz`) uses the same threshold.
 */
export async function checkWorker(db: Kysely<Schema>): Promise<CheckResult> {
  const { rows } = await sql<{ hostname: string; pid: number; seconds_ago: number }>`
    select hostname, pid, extract(epoch from now() - seen_at)::int as seconds_ago
    from worker_heartbeats order by seen_at desc
  `.execute(db);
  const alive = rows.filter((r) => r.seconds_ago <= workerSilenceSeconds);
  if (alive.length > 0) {
    const hosts = [...new Set(alive.map((r) => r.hostname))].join(", ");
    return passed(
      "worker",
      `${alive.length} worker process(es) seen in the last ${workerSilenceSeconds} s (on ${hosts})`,
    );
  }
  const last = rows[0];
  const lastSeen = last
    ? `; the last one was seen ${describeAge(last.seconds_ago)} ago on ${last.hostname} (pid ${last.pid})`
    : "";
  return problem(
    "worker",
    "fail",
    `no worker seen in the last ${workerSilenceSeconds} s${lastSeen}: events stay pending`,
    "run `confab worker` (or `confab start`) against this database, and keep it running",
  );
}

function describeAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 2 * 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}
