import assert from "node:assert/strict";
import { test } from "node:test";
import { linkIn, useMailCatcher } from "../support/mail-catcher.ts";
import { cleanEnv, runConfab } from "../support/run-confab.ts";
import { startTestApp } from "../support/test-app.ts";

// A running confab (web + worker) mailing to the catcher; the CLI beside it on the same database.
const confab = await startTestApp();
const mail = await useMailCatcher();
const env = (extra: Record<string, string> = {}) =>
  cleanEnv({
    DATABASE_URL: confab.testDatabase.connectionString,
    CONFAB_SECRET_KEY: confab.config.secretKey as string,
    PUBLIC_URL: confab.config.publicUrl,
    SMTP_URL: mail.smtpUrl,
    ...extra,
  });

async function confabJson(args: string[], extra: Record<string, string> = {}) {
  const { code, stdout, stderr } = await runConfab([...args, "--json"], env(extra));
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

const org = await confabJson(["org", "create", "--name", "Invite Test"]);
const program = await confabJson(["program", "create", "--org", org.slug, "--name", "Mentoring"]);

test("member invite mails one invitation, with the program role it gives, and prints no link", async () => {
  const invited = await confabJson([
    "member",
    "invite",
    "--org",
    org.slug,
    "--email",
    "Newcomer@Example.com",
    "--program",
    program.program_id,
    "--program-role",
    "mentee",
  ]);
  assert.deepEqual(invited, {
    email: "newcomer@example.com",
    organization: org.slug,
    role: "member",
    mailed: true,
  });
  const message = await mail.waitFor((m) => m.envelope.to.includes("newcomer@example.com"));
  assert.match(message.text ?? "", /as a member \(mentee in Mentoring\)/);
  linkIn(message.text, "/invitation?token=");
  const { rows } = await confab.database.pool.query(
    "select count(*)::int as n from outbox_messages where recipient = 'newcomer@example.com'",
  );
  assert.equal(rows[0].n, 1, "exactly one invitation");
});

test("with mail off, member invite prints the link for the operator to pass on", async () => {
  const invited = await confabJson(
    [
      "member",
      "invite",
      "--org",
      org.slug,
      "--email",
      "offline@example.com",
      "--role",
      "org_admin",
    ],
    { SMTP_URL: "", CONFAB_MAIL: "off" },
  );
  assert.equal(invited.mailed, false);
  assert.match(invited.link, /\/invitation\?token=[A-Za-z0-9_-]{43}$/);
});

test("member invite refuses a program role the program does not have, naming the ones it has", async () => {
  const { code, stderr } = await runConfab(
    [
      "member",
      "invite",
      "--org",
      org.slug,
      "--email",
      "x@example.com",
      "--program",
      program.program_id,
      "--program-role",
      "captain",
    ],
    env(),
  );
  assert.equal(code, 2);
  assert.match(stderr, /--program-role must be one of program_admin, mentor, mentee/);
});
