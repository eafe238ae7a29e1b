import assert from "node:assert/strict";
import { test } from "node:test";
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

test("every page links confab's icon, and the icon is served where pages and browsers look for it", async () => {
  const page = await app.inject({ method: "GET", url: "/sign-in" });
  assert.equal(page.statusCode, 200);
  const linked = /<link rel="icon" href="([^"]+)"/.exec(page.body)?.[1];
  assert.equal(linked, "/assets/favicon.svg");
  for (const url of [linked, "/favicon.ico"]) {
    const icon = await app.inject({ method: "GET", url });
    assert.equal(icon.statusCode, 200, url);
    assert.match(String(icon.headers["content-type"]), /^image\/svg\+xml/, url);
    assert.match(icon.body, /^<svg /, url);
  }
});
