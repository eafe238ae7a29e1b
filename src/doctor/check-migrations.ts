import { type Kysely, sql } from "kysely";
import { pendingMigrations } from "../db/migrate.ts";
import { migrations } from "../db/migrations/index.ts";
import type { Schema } from "../db/schema.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";

/** Whether the schema is the one this version expects: nothing pending, nothing unknown. */
export async function checkMigrations(db: Kysely<Schema>): Promise<CheckResult> {
  const queue = await sql<{ present: boolean }>`
    select to_regnamespace('graphile_worker') is not null as present
  `.execute(db);
  const pending = [
    ...(queue.rows[0]?.present ? [] : ["the job queue's tables (graphile-worker)"]),
    ...(await pendingMigrations(db)),
  ];
  const unknown = await appliedButUnknown(db);
  if (unknown.length > 0) {
    return problem(
      "migrations",
      "fail",
      `the database has migration(s) this version does not know: ${unknown.join(", ")}`,
      "a newer confab has run against this database: run that version (migrations only go forward)",
    );
  }
  if (pending.length > 0) {
    return problem(
      "migrations",
      "fail",
      `${pending.length} pending: ${pending.join(", ")}`,
      "run `confab migrate` (every role also migrates when it starts)",
    );
  }
  return passed("migrations", `all ${Object.keys(migrations).length} applied`);
}

async function appliedButUnknown(db: Kysely<Schema>): Promise<string[]> {
  const exists = await sql<{ present: boolean }>`
    select to_regclass('confab_migrations') is not null as present
  `.execute(db);
  if (!exists.rows[0]?.present) return [];
  const { rows } = await sql<{ name: string }>`
    select name from confab_migrations order by name
  `.execute(db);
  return rows.map((r) => r.name).filter((name) => !(name in migrations));
}
