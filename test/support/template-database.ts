import path from "node:path";
import pg from "pg";
import type { Logger } from "pino";
import { connect } from "../../src/db/database.ts";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

const template = "confab_test_template";

/**
 * The server tests run on, with a freshly migrated template database on it. Databases left by
 * an interrupted earlier run are dropped first.
 */
export async function startTemplateDatabase(root: string, logger: Logger) {
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: path.join(root, ".confab-test"),
        database: "postgres",
        disposable: true,
        logger,
      });
  const adminUrl = embedded?.adminUrl ?? (process.env.DATABASE_URL as string);

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname like 'confab_test_%'",
    );
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${admin.escapeIdentifier(datname)} with (force)`);
    }
    await admin.query(`create database ${template}`);
  } finally {
    await admin.end();
  }

  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const database = connect(url.href, logger, 2);
  try {
    await migrateToLatest(database.db, database.pool);
  } finally {
    await database.close();
  }
  return { adminUrl, template, stop: async () => embedded?.stop() };
}
