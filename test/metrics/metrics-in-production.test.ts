import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { cleanup } from "../support/cleanup.ts";
import { useTestDatabase } from "../support/test-database.ts";

/**
 * In production the web port faces whoever reaches confab, so it serves /metrics only behind
 * CONFAB_METRICS_TOKEN; without one (and without a metrics port of its own) it serves none, and
 * says so when it starts.
 */
const database = await useTestDatabase();
const token = "scrape-token-0123456789abcdef";

async function webApp(env: Record<string, string>) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  const config = loadConfig({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: generateSecretKey(),
    PUBLIC_URL: "https://confab.example",
    CONFAB_MAIL: "off",
    ...env,
  });
  const app = await buildApp({ config, database, logger: createLogger("info", destination) });
  cleanup(() => app.close());
  return { app, lines };
}

const production = { NODE_ENV: "production" };

test("in production without a metrics token or port, the web port does not serve /metrics at all", async () => {
  const { app } = await webApp(production);
  const reply = await app.inject({ method: "GET", url: "/metrics" });
  assert.equal(reply.statusCode, 404);
  assert.doesNotMatch(reply.body, /confab_/);
  const withSomeToken = await app.inject({
    method: "GET",
    url: "/metrics",
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(withSomeToken.statusCode, 404);
});

test("in production without a metrics token or port, the start log says /metrics is off and how to turn it on", async () => {
  const { lines } = await webApp(production);
  const line = lines.map((l) => JSON.parse(l)).find((l) => /\/metrics/.test(l.msg));
  assert.ok(line, `a line about /metrics in: ${lines.join("\n")}`);
  assert.equal(line.level, 40);
  assert.match(line.msg, /not served/);
  assert.match(line.fix, /CONFAB_METRICS_TOKEN/);
  assert.match(line.fix, /CONFAB_METRICS_PORT/);
});

test("in production with a metrics token, the web port serves /metrics to a scrape that sends it, and only to that", async () => {
  const { app, lines } = await webApp({ ...production, CONFAB_METRICS_TOKEN: token });
  assert.equal((await app.inject({ method: "GET", url: "/metrics" })).statusCode, 401);
  const right = await app.inject({
    method: "GET",
    url: "/metrics",
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(right.statusCode, 200);
  assert.match(right.body, /# TYPE confab_http_request_duration_seconds histogram/);
  assert.ok(!lines.some((l) => /\/metrics is not served/.test(l)), "nothing to warn about");
});

test("outside production, the web port still serves /metrics without a token, for a private network", async () => {
  const { app } = await webApp({});
  const reply = await app.inject({ method: "GET", url: "/metrics" });
  assert.equal(reply.statusCode, 200);
  assert.match(reply.body, /confab_database_up/);
});
