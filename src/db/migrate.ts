import { runMigrations as runWorkerMigrations } from "graphile-worker";
import type { Kysely } from "kysely";
import { Migrator } from "kysely/migration";
import type pg from "pg";
import { migrations } from "./migrations/index.ts";
import type { Schema } from "./schema.ts";

function migrator(db: Kysely<Schema>) {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: "confab_migrations",
    migrationLockTableName: "confab_migrations_lock",
  });
}

/**
 * Brings the database to the latest schema: the job queue's own tables, then confab's. Safe to
 * run from several processes at once (both take a lock), and a no-op when nothing is new.
 */
export async function migrateToLatest(db: Kysely<Schema>, pool: pg.Pool): Promise<string[]> {
  await runWorkerMigrations({ pgPool: pool });
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === "Error")?.migrationName;
    throw new Error(`migration ${failed ?? "(unknown)"} failed: ${String(error)}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** Migrations this code knows that the database has not applied yet. */
export async function pendingMigrations(db: Kysely<Schema>): Promise<string[]> {
  const known = await migrator(db).getMigrations();
  return known.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
