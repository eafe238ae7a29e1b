import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { Logger } from "pino";
import { connect } from "../../src/db/database.ts";
import { startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

/**
 * The server one test run uses, with a freshly migrated template database on it. Runs never
 * share: without DATABASE_URL each run gets a throwaway cluster of its own (about a second to
 * create); with it, each run's databases carry the run's own prefix and are dropped at the end.
 */
export async function startTemplateDatabase(_root: string, logger: Logger) {
  const run = randomBytes(4).toString("hex");
  const prefix = `confab_test_${run}`;
  const template = `${prefix}_template`;
  const dataDir = process.env.DATABASE_URL
    ? undefined
    : await fs.mkdtemp(path.join(os.tmpdir(), "confab-test-"));
  const embedded = dataDir
    ? await startEmbeddedPostgres({ dataDir, database: "postgres", disposable: true, logger })
    : undefined;
  const adminUrl = embedded?.adminUrl ?? (process.env.DATABASE_URL as string);

  await withAdmin(adminUrl, (admin) => admin.query(`create database ${template}`));
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  const database = connect(url.href, logger, 2);
  try {
    await migrateToLatest(database.db, database.pool);
  } finally {
    await database.close();
  }

  return {
    adminUrl,
    template,
    prefix,
    stop: async () => {
      if (embedded) {
        await embedded.stop();
        await fs.rm(dataDir as string, { recursive: true, force: true });
        return;
      }
      await withAdmin(adminUrl, async (admin) => {
        const { rows } = await admin.query<{ datname: string }>(
          "select datname from pg_database where starts_with(datname, $1)",
          [prefix],
        );
        for (const { datname } of rows) {
          await admin.query(
            `drop database if exists ${admin.escapeIdentifier(datname)} with (force)`,
          );
        }
      });
    },
  };
}

async function withAdmin<T>(adminUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
