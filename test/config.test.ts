import assert from "node:assert/strict";
import { test } from "node:test";
import { configVariables, loadConfig } from "../src/config.ts";
import { generateSecretKey } from "../src/vault/vault.ts";
import { problemsOf } from "./support/config-problems.ts";

test("an empty environment gives a working embedded set-up with documented defaults", () => {
  const config = loadConfig({}, "/srv/confab");
  assert.equal(config.port, 3000);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.publicUrl, "http://localhost:3000");
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, "/srv/confab/.confab");
  assert.equal(config.logLevel, "info");
  assert.equal(config.production, false);
});

test("every bad variable is named in one refusal, not just the first", () => {
  const problems = problemsOf({
    PORT: "eighty",
    LOG_LEVEL: "loud",
    DATABASE_URL: "mysql://x",
    CONFAB_SECRET_KEY: "short",
    PUBLIC_URL: "ftp://example.com",
  });
  assert.equal(problems.length, 5);
  for (const name of ["PORT", "LOG_LEVEL", "DATABASE_URL", "CONFAB_SECRET_KEY", "PUBLIC_URL"]) {
    assert.ok(
      problems.some((p) => p.startsWith(name)),
      `${name} is named in: ${problems.join(" | ")}`,
    );
  }
});

test("production refuses to start without a database, a secret key, a public URL and a mail server", () => {
  const problems = problemsOf({ NODE_ENV: "production" });
  assert.deepEqual(
    problems.map((p) => p.split(" ")[0]),
    ["PUBLIC_URL", "DATABASE_URL", "CONFAB_SECRET_KEY", "SMTP_URL"],
  );
});

test("production starts when it is given what it needs", () => {
  const config = loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db/confab",
    CONFAB_SECRET_KEY: generateSecretKey(),
    PUBLIC_URL: "https://confab.example.com/",
    SMTP_URL: "smtp://mailer:secret@smtp.example.com:587",
  });
  assert.equal(config.publicUrl, "https://confab.example.com");
  assert.equal(config.production, true);
});

test("a decrypt-only key that is not a key is refused with its position", () => {
  const problems = problemsOf({ CONFAB_DECRYPT_ONLY_KEYS: `${generateSecretKey()},nope` });
  assert.deepEqual(problems, [
    "CONFAB_DECRYPT_ONLY_KEYS entry 2 is not base64 of exactly 32 bytes",
  ]);
});

test("a port outside 0-65535 is refused", () => {
  assert.match(
    problemsOf({ PORT: "70000" })[0] ?? "",
    /PORT must be a whole number from 0 to 65535/,
  );
});

test("without CONFAB_TRUSTED_PROXIES no proxy is trusted, in production too", () => {
  assert.equal(loadConfig({}).trustedProxies, undefined);
  const production = loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db/confab",
    CONFAB_SECRET_KEY: generateSecretKey(),
    PUBLIC_URL: "https://confab.example.com",
    CONFAB_MAIL: "off",
  });
  assert.equal(production.trustedProxies, undefined);
  assert.equal(loadConfig({ CONFAB_TRUSTED_PROXIES: "0" }).trustedProxies, undefined);
});

test("CONFAB_TRUSTED_PROXIES takes a number of hops, or a comma list of addresses and CIDRs", () => {
  assert.deepEqual(loadConfig({ CONFAB_TRUSTED_PROXIES: "2" }).trustedProxies, { hops: 2 });
  assert.deepEqual(
    loadConfig({ CONFAB_TRUSTED_PROXIES: " 10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8," })
      .trustedProxies,
    { addresses: ["10.0.0.0/8", "192.168.1.7", "::1", "fd00::/8"] },
  );
});

test("a CONFAB_TRUSTED_PROXIES entry that is no address or CIDR is refused by name, each of them", () => {
  const problems = problemsOf({
    CONFAB_TRUSTED_PROXIES: "10.0.0.1, proxy.internal, 10.0.0.0/33, 10.0.0.0/8/1, 1.2.3, ::1/129",
  });
  assert.equal(problems.length, 5, problems.join(" | "));
  for (const entry of ["proxy.internal", "10.0.0.0/33", "10.0.0.0/8/1", "1.2.3", "::1/129"]) {
    assert.ok(
      problems.some((p) => p.startsWith(`CONFAB_TRUSTED_PROXIES entry "${entry}" is not`)),
      `${entry} is named in: ${problems.join(" | ")}`,
    );
  }
  assert.match(problemsOf({ CONFAB_TRUSTED_PROXIES: "-1" })[0] ?? "", /entry "-1" is not/);
  assert.match(
    problemsOf({ CONFAB_TRUSTED_PROXIES: "1000" })[0] ?? "",
    /CONFAB_TRUSTED_PROXIES must be a whole number from 0 to 100/,
  );
});

test("CONFAB_TRUSTED_PROXIES is described where --help lists the environment", () => {
  const described = configVariables.find(([name]) => name === "CONFAB_TRUSTED_PROXIES");
  assert.ok(described, "listed in configVariables");
  assert.match(described[2], /CIDR/);
});

test("CONFAB_SUPPORT_URL and CONFAB_SUPPORT_EMAIL name where people ask for help; unset, there is none", () => {
  assert.deepEqual(loadConfig({}).support, { url: undefined, email: undefined });
  assert.deepEqual(
    loadConfig({
      CONFAB_SUPPORT_URL: " https://help.example.com/confab ",
      CONFAB_SUPPORT_EMAIL: "help@example.com",
    }).support,
    { url: "https://help.example.com/confab", email: "help@example.com" },
  );
});

test("a support URL that is not http(s) and a support address that is not an address are refused by name", () => {
  const problems = problemsOf({
    CONFAB_SUPPORT_URL: "javascript:alert(1)",
    CONFAB_SUPPORT_EMAIL: "mailto:help",
  });
  assert.deepEqual(
    problems.map((p) => p.split(" ")[0]),
    ["CONFAB_SUPPORT_URL", "CONFAB_SUPPORT_EMAIL"],
  );
  assert.match(problems[0] ?? "", /must be an http\(s\) URL, like https:\/\/help\.example\.com/);
  assert.match(problemsOf({ CONFAB_SUPPORT_URL: "help page" })[0] ?? "", /CONFAB_SUPPORT_URL/);
  for (const name of ["CONFAB_SUPPORT_URL", "CONFAB_SUPPORT_EMAIL"]) {
    assert.ok(
      configVariables.some(([listed]) => listed === name),
      `${name} is listed for --help`,
    );
  }
});
