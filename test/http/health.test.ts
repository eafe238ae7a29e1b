import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { loadConfig } from "../../src/config.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();
const app = await buildApp({
  config: loadConfig({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: generateSecretKey(),
  }),
  database,
  logger: createLogger("silent"),
});

async function readyz() {
  const reply = await app.inject({ method: "GET", url: "/readyz" });
  return { status: reply.statusCode, body: reply.json() };
}

test("liveness answers ok while the process is up", async () => {
  const reply = await app.inject({ method: "GET", url: "/healthz" });
  assert.equal(reply.statusCode, 200);
  assert.deepEqual(reply.json(), { status: "ok" });
});

test("readiness is 503 and says why when no worker has been seen", async () => {
  const { status, body } = await readyz();
  assert.equal(status, 503);
  assert.equal(body.status, "not_ready");
  assert.equal(body.checks.database, "ok");
  assert.equal(body.checks.migrations, "ok");
  assert.match(body.checks.worker, /no worker seen in the last 30 s/);
});

test("readiness is ready once a worker has said it is alive", async () => {
  await sql`insert into worker_heartbeats (worker_id, hostname, pid) values ('w1', 'h', 1)`.execute(
    database.db,
  );
  assert.deepEqual(await readyz(), {
    status: 200,
    body: { status: "ready", checks: { database: "ok", migrations: "ok", worker: "ok" } },
  });
});

test("a worker silent for longer than the limit no longer counts", async () => {
  await sql`update worker_heartbeats set seen_at = now() - interval '31 seconds'`.execute(
    database.db,
  );
  assert.equal((await readyz()).status, 503);
  await sql`update worker_heartbeats set seen_at = now()`.execute(database.db);
});

test("readiness names a migration the database has not applied", async () => {
  await sql`delete from confab_migrations where name = '0001-foundation'`.execute(database.db);
  const { status, body } = await readyz();
  assert.equal(status, 503);
  assert.equal(body.checks.migrations, "pending: 0001-foundation");
});
