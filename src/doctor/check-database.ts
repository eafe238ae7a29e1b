import { sql } from "kysely";
import type { Config } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { createLogger } from "../logging/create-logger.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";

/** The oldest PostgreSQL confab supports. */
const minimumServerVersion = 140000;

/**
 * Opens the database as the roles do (for the embedded one: joins the running server, or starts
 * it for the check), without migrating it: pending migrations are for the next check to name.
 */
export async function checkDatabase(
  config: Config,
): Promise<{ database: Database | undefined; result: CheckResult }> {
  let database: Database | undefined;
  try {
    // Silent: with --json, stdout carries the report and nothing else.
    database = await openDatabase(config, createLogger("silent"));
    const { rows } = await sql<{ version: string; number: number }>`
      select current_setting('server_version') as version,
             current_setting('server_version_num')::int as number
    `.execute(database.db);
    const server = rows[0] ?? { version: "unknown", number: 0 };
    const where = config.databaseUrl === undefined ? "embedded" : "DATABASE_URL";
    if (server.number < minimumServerVersion) {
      return {
        database,
        result: problem(
          "database",
          "fail",
          `PostgreSQL ${server.version} (${where}) is older than 14`,
          "upgrade the server to PostgreSQL 14 or later",
        ),
      };
    }
    return {
      database,
      result: passed("database", `reachable: PostgreSQL ${server.version} (${where})`),
    };
  } catch (error) {
    await database?.close().catch(() => undefined);
    const fix =
      config.databaseUrl === undefined
        ? `check that the data folder ${config.dataDir} is writable and not used by another PostgreSQL`
        : "check DATABASE_URL (host, port, user, password, database name) and that the server accepts connections from here";
    return {
      database: undefined,
      result: problem("database", "fail", `unreachable: ${(error as Error).message}`, fix),
    };
  }
}
