import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { type EmbeddedPostgres, startEmbeddedPostgres } from "./embedded-postgres.ts";
import type { Schema } from "./schema.ts";

export interface Database {
  db: Kysely<Schema>;
  pool: pg.Pool;
  connectionString: string;
  /** Set when confab runs its own PostgreSQL (no DATABASE_URL). */
  embedded: EmbeddedPostgres | undefined;
  close(): Promise<void>;
}

/** Connects to DATABASE_URL, or starts (or joins) the embedded PostgreSQL under the data folder. */
export async function openDatabase(
  config: Pick<Config, "databaseUrl" | "dataDir">,
  logger: Logger,
): Promise<Database> {
  const embedded =
    config.databaseUrl === undefined
      ? await startEmbeddedPostgres({ dataDir: config.dataDir, logger })
      : undefined;
  const connectionString = config.databaseUrl ?? (embedded as EmbeddedPostgres).url;
  const database = connect(connectionString, logger);
  return {
    ...database,
    embedded,
    close: async () => {
      await database.close();
      await embedded?.stop();
    },
  };
}

/** A pool and a Kysely instance on one connection string. */
export function connect(connectionString: string, logger: Logger, max = 10) {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
  // An idle client losing its server (a restart) must not crash the process; queries will fail
  // and be reported where they are made.
  // What went wrong, not the pg client pg-pool hangs on the error (kilobytes for each idle client).
  const lost = (error: Error & { code?: string }) =>
    logger.warn({ err: { message: error.message, code: error.code } }, "database connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, connectionString, close: () => db.destroy() };
}
