import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "../../src/config.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { problemsOf } from "../support/config-problems.ts";

const production = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://confab@db/confab",
  CONFAB_SECRET_KEY: generateSecretKey(),
  PUBLIC_URL: "https://confab.example.com",
};

test("production without SMTP_URL does not start, and says how to run without mail on purpose", () => {
  const problems = problemsOf(production);
  assert.equal(problems.length, 1);
  assert.match(
    problems[0] ?? "",
    /^SMTP_URL is required when NODE_ENV=production.*CONFAB_MAIL=off/,
  );
});

test("production with CONFAB_MAIL=off starts with mail off on purpose", () => {
  const config = loadConfig({ ...production, CONFAB_MAIL: "off" });
  assert.deepEqual(config.mail, {
    mode: "off",
    explicit: true,
    from: "confab <no-reply@confab.example.com>",
  });
});

test("an SMTP_URL is used as given, with a From on the instance's own host by default", () => {
  const config = loadConfig({ ...production, SMTP_URL: "smtp://mailer:pw@smtp.example.com:587" });
  assert.deepEqual(config.mail, {
    mode: "smtp",
    smtpUrl: "smtp://mailer:pw@smtp.example.com:587",
    from: "confab <no-reply@confab.example.com>",
  });
});

test("a malformed SMTP_URL is named without repeating the password it may hold", () => {
  const problems = problemsOf({
    ...production,
    SMTP_URL: "http://mailer:hunter2hunter2@smtp.example.com",
  });
  assert.equal(problems.length, 1);
  assert.match(problems[0] ?? "", /^SMTP_URL must look like smtp:\/\//);
  assert.doesNotMatch(problems.join(" "), /hunter2/);
});

test("MAIL_FROM must be one address, and SMTP_URL with CONFAB_MAIL=off is a contradiction", () => {
  const problems = problemsOf({
    ...production,
    SMTP_URL: "smtp://smtp.example.com",
    CONFAB_MAIL: "off",
    MAIL_FROM: "not an address",
  });
  assert.ok(problems.some((p) => p.startsWith("MAIL_FROM must be an address")));
  assert.ok(problems.some((p) => p.startsWith("SMTP_URL is set but CONFAB_MAIL=off")));
});

test("outside production, no SMTP_URL means mail is off until configured, not on purpose", () => {
  const config = loadConfig({}, "/srv/confab");
  assert.equal(config.mail.mode, "off");
  assert.equal(config.mail.mode === "off" && config.mail.explicit, false);
});
