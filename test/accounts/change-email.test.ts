import assert from "node:assert/strict";
import { test } from "node:test";
import { emailChangeMailsPerHour } from "../../src/accounts/change-email.ts";
import { createUser } from "../../src/accounts/create-user.ts";
import type { App } from "../../src/http/build-app.ts";
import { linkIn } from "../support/mail-catcher.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Moving an account to a new address: asked for under Your account with the current password,
 * proven by a link mailed to the new address, and told to the old one. Every mail crosses real
 * SMTP to the file's mail catcher.
 */
const confab = await startTestApp();
const app = confab.app as App;
const db = confab.database.db;
const mail = confab.mail;
assert.ok(mail);
const password = "correct horse battery";

const mailTo = (address: string, subject: RegExp) =>
  mail.waitFor((m) => m.envelope.to.includes(address) && subject.test(m.subject), {
    description: `a mail to ${address} about ${subject}`,
  });
const path = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};
const tokenOf = (link: string) => new URL(link).searchParams.get("token") as string;
/** Mail written to the outbox for an address: there the moment the request is answered. */
const queuedFor = async (address: string) =>
  (await db.selectFrom("outbox_messages").select("kind").where("recipient", "=", address).execute())
    .map((m) => m.kind)
    .sort();
const emailOf = async (id: string) =>
  (
    await db
      .selectFrom("users")
      .select(["email", "email_verified_at"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).email;

async function signedIn(email: string) {
  const browser = webClient(app);
  await browser.signIn(email, password);
  await browser.get("/account");
  return browser;
}

/** Asks for a change and follows the mailed link as far as its page; returns the link. */
async function askFor(browser: ReturnType<typeof webClient>, newEmail: string) {
  const reply = await browser.post("/account/email", {
    new_email: newEmail,
    current_password: password,
  });
  assert.equal(reply.status, 200);
  return linkIn((await mailTo(newEmail, /Confirm your new address/)).text, "/change-email?token=");
}

test("a new address is used once its mailed link is followed: the account moves, is confirmed, other sessions end, the old address is told", async () => {
  const user = await createUser(db, { email: "ada@old.example", password });
  const here = await signedIn(user.email);
  const elsewhere = await signedIn(user.email);
  const asked = await here.post("/account/email", {
    new_email: "  Ada@New.Example ",
    current_password: password,
  });
  assert.equal(asked.status, 200);
  assert.match(
    asked.body,
    /A confirmation link is on its way to ada@new.example\. It works for 24 hours; your address stays ada@old.example until you follow it\./,
  );
  assert.equal(await emailOf(user.id), "ada@old.example", "nothing changes before the link");

  const confirm = await mailTo("ada@new.example", /Confirm your new address/);
  assert.match(
    confirm.text ?? "",
    /The confab account of ada@old.example asked to use this address/,
  );
  assert.match(confirm.text ?? "", /works once, for 24 hours/);
  const link = linkIn(confirm.text, "/change-email?token=");
  const ask = await here.get(path(link));
  assert.equal(ask.status, 200);
  assert.match(ask.body, /Make ada@new.example the address of your confab account/);
  assert.equal(await emailOf(user.id), "ada@old.example", "opening the link changes nothing");

  const done = await here.post("/change-email", { token: tokenOf(link) });
  assert.equal(done.status, 200);
  assert.match(done.body, /Your confab account's address is now ada@new.example, confirmed/);
  const row = await db
    .selectFrom("users")
    .select(["email", "email_verified_at"])
    .where("id", "=", user.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.email, "ada@new.example");
  assert.ok(row.email_verified_at, "following the link proves the new address");
  assert.equal((await here.get("/account")).status, 200, "the session that followed it stays");
  assert.equal((await elsewhere.get("/account")).status, 303, "every other session ended");

  const told = await mailTo("ada@old.example", /Your confab address was changed/);
  assert.match(
    told.text ?? "",
    /was changed from ada@old.example to ada@new.example\. You now sign in with the new address/,
  );
  assert.match(told.text ?? "", /If this was not you/);
  assert.equal(told.headers["x-confab-mail-kind"], "email_changed");
  await webClient(app).signIn("ada@new.example", password);
  const old = webClient(app);
  await old.get("/sign-in");
  assert.equal((await old.post("/sign-in", { email: "ada@old.example", password })).status, 401);
});

test("a used link says it was used, and changes nothing more", async () => {
  const user = await createUser(db, { email: "grace@old.example", password });
  const browser = await signedIn(user.email);
  const link = await askFor(browser, "grace@new.example");
  await browser.get(path(link));
  assert.equal((await browser.post("/change-email", { token: tokenOf(link) })).status, 200);
  const again = await webClient(app).get(path(link));
  assert.equal(again.status, 404);
  assert.match(again.body, /This link was used already/);
  const reposted = await browser.post("/change-email", { token: tokenOf(link) });
  assert.equal(reposted.status, 404);
  assert.deepEqual(await queuedFor("grace@old.example"), ["email_changed"], "told once");
});

test("a wrong current password is refused by its field and counts as a failed sign-in", async () => {
  const user = await createUser(db, { email: "linus@old.example", password });
  const browser = await signedIn(user.email);
  for (let i = 0; i < 5; i++) {
    const wrong = await browser.post("/account/email", {
      new_email: "linus@new.example",
      current_password: `wrong ${i}`,
    });
    assert.equal(wrong.status, 400);
    assert.match(
      wrong.body,
      /id="field-email-current_password-error"[^>]*>This is not your current password/,
    );
    assert.match(wrong.body, /value="linus@new.example"/, "what was typed stays");
    assert.doesNotMatch(
      wrong.body,
      /id="field-current_password-error"/,
      "the password form is not blamed",
    );
  }
  const failures = await db
    .selectFrom("sign_in_failures")
    .select("id")
    .where("email", "=", user.email)
    .execute();
  assert.equal(failures.length, 5);
  const blocked = await browser.post("/account/email", {
    new_email: "linus@new.example",
    current_password: password,
  });
  assert.equal(blocked.status, 429, "the sign-in delay holds here too");
  assert.match(blocked.body, /Too many failed attempts/);
  assert.deepEqual(await queuedFor("linus@new.example"), []);
  assert.equal(await emailOf(user.id), user.email);
});

test("an address that has an account gets the same answer as a free one, is sent nothing, and ends an earlier link as a new one would", async () => {
  await createUser(db, { email: "taken@example.com", password });
  const user = await createUser(db, { email: "margaret@old.example", password });
  const browser = await signedIn(user.email);
  const free = await browser.post("/account/email", {
    new_email: "margaret@free.example",
    current_password: password,
  });
  const earlier = linkIn(
    (await mailTo("margaret@free.example", /Confirm your new address/)).text,
    "/change-email?token=",
  );
  const taken = await browser.post("/account/email", {
    new_email: "taken@example.com",
    current_password: password,
  });
  const answer = (body: string) =>
    /role="status">([^<]+)</.exec(body)?.[1]?.replace(/to \S+@\S+\./, "to EMAIL.");
  assert.equal(taken.status, free.status);
  assert.ok(answer(taken.body));
  assert.equal(answer(taken.body), answer(free.body));
  assert.deepEqual(await queuedFor("taken@example.com"), []);
  const stale = await browser.get(path(earlier));
  assert.equal(stale.status, 404);
  assert.match(stale.body, /a newer one replaced it/);
  assert.equal(await emailOf(user.id), user.email);
});

test("an address another account took since the link was mailed changes nothing, with a clear message", async () => {
  const user = await createUser(db, { email: "barbara@old.example", password });
  const browser = await signedIn(user.email);
  const link = await askFor(browser, "barbara@new.example");
  await createUser(db, { email: "barbara@new.example", password });
  await browser.get(path(link));
  const refused = await browser.post("/change-email", { token: tokenOf(link) });
  assert.equal(refused.status, 409);
  assert.match(refused.body, /became the address of another account .* so yours was not changed/);
  assert.equal(await emailOf(user.id), "barbara@old.example");
  assert.deepEqual(await queuedFor("barbara@old.example"), [], "nothing to tell");
  assert.equal((await browser.get("/account")).status, 200, "still signed in");
});

test("a person gets only a few confirmation links an hour", async () => {
  const user = await createUser(db, { email: "frances@old.example", password });
  const browser = await signedIn(user.email);
  for (let i = 0; i < emailChangeMailsPerHour; i++) {
    const reply = await browser.post("/account/email", {
      new_email: `frances-${i}@new.example`,
      current_password: password,
    });
    assert.equal(reply.status, 200);
  }
  const more = await browser.post("/account/email", {
    new_email: "frances-more@new.example",
    current_password: password,
  });
  assert.equal(more.status, 429);
  assert.match(more.body, /use the newest one, or try again later/);
  assert.deepEqual(await queuedFor("frances-more@new.example"), []);
});

test("an address that is not one, or is the account's own, is refused by its field", async () => {
  const user = await createUser(db, { email: "hedy@old.example", password });
  const browser = await signedIn(user.email);
  const bad = await browser.post("/account/email", {
    new_email: "not an address",
    current_password: password,
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /id="field-new_email-error"[^>]*>Enter an email address/);
  const same = await browser.post("/account/email", {
    new_email: "HEDY@old.example",
    current_password: password,
  });
  assert.equal(same.status, 400);
  assert.match(same.body, /This is your address already/);
});
