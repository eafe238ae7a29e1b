import { type Kysely, sql } from "kysely";
import { pendingMigrations } from "../db/migrate.ts";
import type { Schema } from "../db/schema.ts";

export interface Readiness {
  ready: boolean;
  checks: {
    database: "ok" | string;
    migrations: "ok" | string;
    worker: "ok" | string;
  };
}

/** A worker that has not said it is alive for this long is taken to be gone. */
export const workerSilenceSeconds = 30;

/**
 * Ready means this instance can do its job: the database answers, its schema is the one this
 * code expects, and some worker (here or on another machine) has been alive recently, since
 * without one no meeting gets made.
 */
export async function checkReadiness(db: Kysely<Schema>): Promise<Readiness> {
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    const reason = `unreachable: ${(error as Error).message}`;
    return {
      ready: false,
      checks: { database: reason, migrations: "unknown", worker: "unknown" },
    };
  }
  const pending = await pendingMigrations(db);
  const migrations = pending.length === 0 ? "ok" : `pending: ${pending.join(", ")}`;
  const { rows } = await sql<{ alive: number }>`
    select count(*)::int as alive from worker_heartbeats
    where seen_at > now() - make_interval(secs => ${workerSilenceSeconds})
  `.execute(db);
  const worker =
    (rows[0]?.alive ?? 0) > 0 ? "ok" : `no worker seen in the last ${workerSilenceSeconds} s`;
  return {
    ready: migrations === "ok" && worker === "ok",
    checks: { database: "ok", migrations, worker },
  };
}
