import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { cleanup } from "../support/cleanup.ts";
import { useTestDatabase } from "../support/test-database.ts";

/**
 * Sign-in limits count per client address, so whoever may name that address in
 * X-Forwarded-For decides whose attempts are counted together: by default nobody may, and with
 * CONFAB_TRUSTED_PROXIES only the proxies it names (or the hops it counts).
 */
const database = await useTestDatabase();
const secretKey = generateSecretKey();

async function webApp(env: Record<string, string>) {
  const config = loadConfig({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: secretKey,
    PUBLIC_URL: "https://confab.example",
    CONFAB_MAIL: "off",
    CONFAB_METRICS_TOKEN: "scrape-token-0123456789abcdef",
    ...env,
  });
  const app = await buildApp({ config, database, logger: createLogger("silent") });
  cleanup(() => app.close());
  return app;
}

let attempts = 0;

/** The client address the sign-in throttle counted a failed sign-in from. */
async function countedAddress(
  app: Awaited<ReturnType<typeof webApp>>,
  socketAddress: string,
  forwardedFor: string,
) {
  const email = `guess-${++attempts}@example.com`;
  const page = await app.inject({ method: "GET", url: "/sign-in", remoteAddress: socketAddress });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const reply = await app.inject({
    method: "POST",
    url: "/sign-in",
    remoteAddress: socketAddress,
    headers: {
      cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join("; "),
      "content-type": "application/x-www-form-urlencoded",
      "x-forwarded-for": forwardedFor,
    },
    payload: new URLSearchParams({ _csrf: csrf, email, password: "not it" }).toString(),
  });
  assert.equal(reply.statusCode, 401);
  const rows = await database.db
    .selectFrom("sign_in_failures")
    .select("ip")
    .where("email", "=", email)
    .execute();
  assert.equal(rows.length, 1);
  return rows[0]?.ip;
}

test("in production without CONFAB_TRUSTED_PROXIES, a forged X-Forwarded-For does not change the address sign-in failures are counted by", async () => {
  const app = await webApp({ NODE_ENV: "production" });
  assert.equal(await countedAddress(app, "203.0.113.9", "192.0.2.1, 198.51.100.7"), "203.0.113.9");
});

test("with CONFAB_TRUSTED_PROXIES=1, the address is the last hop the proxy added, not one the client wrote before it", async () => {
  const app = await webApp({ CONFAB_TRUSTED_PROXIES: "1" });
  assert.equal(await countedAddress(app, "10.0.0.2", "192.0.2.1, 198.51.100.7"), "198.51.100.7");
});

test("with the proxy's address trusted, X-Forwarded-For counts when that proxy sends it, and not when anyone else does", async () => {
  const app = await webApp({ NODE_ENV: "production", CONFAB_TRUSTED_PROXIES: "10.0.0.0/8, ::1" });
  assert.equal(await countedAddress(app, "10.0.0.2", "192.0.2.1, 198.51.100.7"), "198.51.100.7");
  assert.equal(await countedAddress(app, "203.0.113.9", "198.51.100.7"), "203.0.113.9");
});

test("with a chain of trusted proxies, the address is the one the outermost of them saw", async () => {
  const app = await webApp({ CONFAB_TRUSTED_PROXIES: "10.0.0.2,10.0.0.3" });
  assert.equal(
    await countedAddress(app, "10.0.0.2", "192.0.2.1, 198.51.100.7, 10.0.0.3"),
    "198.51.100.7",
  );
});
