import { randomBytes } from "node:crypto";
import pg from "pg";
import type { Database } from "../../src/db/database.ts";
import { connect } from "../../src/db/database.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { cleanup } from "./cleanup.ts";

function settings() {
  const adminUrl = process.env.CONFAB_TEST_ADMIN_URL;
  const template = process.env.CONFAB_TEST_TEMPLATE;
  const prefix = process.env.CONFAB_TEST_PREFIX;
  if (!adminUrl || !template || !prefix) {
    throw new Error(
      "test files need the database that test/run.ts provides: run `npm run test:only -- <file>`",
    );
  }
  return { adminUrl, template, prefix };
}

/**
 * A database of this test file's own, cloned from the migrated template, dropped when the file's
 * tests are done. Files never share data, so they run in parallel.
 */
export async function useTestDatabase(): Promise<Database & { name: string }> {
  const { adminUrl, template, prefix } = settings();
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = connect(url.href, createLogger("silent"));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await database.close();
    const dropper = new pg.Client({ connectionString: adminUrl });
    await dropper.connect();
    await dropper.query(`drop database if exists ${name} with (force)`);
    await dropper.end();
  };
  cleanup(close);
  return { ...database, name, embedded: undefined, close };
}
