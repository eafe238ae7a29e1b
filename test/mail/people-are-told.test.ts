import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import type { App } from "../../src/http/build-app.ts";
import { commandLineActor } from "../../src/orgs/load-org-access.ts";
import { addMember } from "../../src/orgs/members.ts";
import { linkIn } from "../support/mail-catcher.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

const confab = await startTestApp();
const app = confab.app as App;
const db = confab.database.db;
const mail = confab.mail;
assert.ok(mail);
const acme = await seedTenant(db, "Acme");
const globex = await seedTenant(db, "Globex");

const mailTo = (address: string, subject: RegExp) =>
  mail.waitFor((m) => m.envelope.to.includes(address) && subject.test(m.subject), {
    description: `a mail to ${address} about ${subject}`,
  });
const path = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

test("an invitation goes by mail to the address, and the inviter's page does not show its link", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const reply = await admin.post(`/o/${acme.organization.slug}/manage/members/invitations`, {
    email: "newcomer@example.com",
    role: "member",
  });
  assert.equal(reply.status, 303);
  const told = await admin.get(reply.location ?? "");
  assert.match(told.body, /on its way by mail/);
  assert.doesNotMatch(told.body, /invitation\?token=/);
  const invitation = await mailTo("newcomer@example.com", /invited you to Acme/);
  assert.match(
    invitation.text ?? "",
    /admin of Acme invited you to join Acme on confab as a member/,
  );
  const link = linkIn(invitation.text, "/invitation?token=");
  assert.match(invitation.html ?? "", new RegExp(link.replace(/[.?]/g, "\\$&")));

  const newcomer = webClient(app);
  const page = await newcomer.get(path(link));
  assert.equal(page.status, 200);
  assert.match(page.body, /admin of Acme invited <strong>newcomer@example.com<\/strong>/);
  assert.match(page.body, /Sign in to accept/);
  assert.match(page.body, /Decline/);
  const joined = await newcomer.post("/invitation/create-account", {
    token: new URL(link).searchParams.get("token") as string,
    name: "New Comer",
    password,
  });
  assert.equal(joined.status, 303);
  assert.equal(joined.location, `/o/${acme.organization.slug}`);
  const user = await db
    .selectFrom("users")
    .select("email_verified_at")
    .where("email", "=", "newcomer@example.com")
    .executeTakeFirstOrThrow();
  assert.ok(user.email_verified_at, "accepting a mailed invitation proves the address");
  const again = await webClient(app).get(path(link));
  assert.equal(again.status, 404);
  assert.match(again.body, /not valid any more/);
  assert.equal(mail.messagesTo("newcomer@example.com").length, 1, "one invitation, sent once");
});

test("an invitation page reads the same whether or not the address already has an account", async () => {
  await createUser(db, { email: "existing@example.com", password });
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const bodies: string[] = [];
  for (const email of ["existing@example.com", "nobody-yet@example.com"]) {
    await admin.post(`/o/${acme.organization.slug}/manage/members/invitations`, {
      email,
      role: "member",
    });
    const link = linkIn((await mailTo(email, /invited you/)).text, "/invitation?token=");
    const token = new URL(link).searchParams.get("token") as string;
    const body = (await webClient(app).get(path(link))).body;
    bodies.push(
      body
        .replaceAll(token, "TOKEN")
        .replace(/<input type="hidden" name="_csrf"[^>]*>/g, "")
        .replaceAll(email, "EMAIL"),
    );
  }
  assert.equal(bodies[0], bodies[1]);
});

test("declining an invitation spends it and tells the organization's audit log", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.post(`/o/${acme.organization.slug}/manage/members/invitations`, {
    email: "decliner@example.com",
    role: "member",
  });
  const link = linkIn(
    (await mailTo("decliner@example.com", /invited you/)).text,
    "/invitation?token=",
  );
  const invitee = webClient(app);
  await invitee.get(path(link));
  const declined = await invitee.post("/invitation/decline", {
    token: new URL(link).searchParams.get("token") as string,
  });
  assert.equal(declined.status, 303);
  assert.match(
    (await invitee.get(declined.location as string)).body,
    /You declined the invitation to Acme/,
  );
  assert.equal((await webClient(app).get(path(link))).status, 404);
  const audit = await db
    .selectFrom("audit_entries")
    .select("action")
    .where("subject_label", "=", "decliner@example.com")
    .execute();
  assert.ok(audit.some((a) => a.action === "member.declined"));
});

test("forgot password answers the same for any address and mails a link only to an account's owner", async () => {
  const browser = webClient(app);
  await browser.get("/forgot-password");
  const unknown = await browser.post("/forgot-password", { email: "stranger@example.com" });
  const known = await browser.post("/forgot-password", { email: acme.users.member.email });
  const answer = (body: string) =>
    /role="status">([^<]+)</.exec(body)?.[1]?.replace(/\S+@\S+/, "EMAIL");
  assert.equal(answer(unknown.body), answer(known.body));
  const reset = await mailTo(acme.users.member.email, /Reset your confab password/);
  assert.match(reset.text ?? "", /works once, for 30 minutes/);
  assert.equal(mail.messagesTo("stranger@example.com").length, 0);
  const resets = mail
    .messagesTo(acme.users.member.email)
    .filter((m) => /Reset your confab password/.test(m.subject));
  assert.equal(resets.length, 1, "one reset mail, sent once");
});

test("a reset link sets a new password once, ends every session, and a second use says it was used", async () => {
  const email = acme.users.mentee.email;
  const signedIn = webClient(app);
  await signedIn.signIn(email, password);
  const browser = webClient(app);
  await browser.get("/forgot-password");
  await browser.post("/forgot-password", { email });
  const link = linkIn(
    (await mailTo(email, /Reset your confab password/)).text,
    "/reset-password?token=",
  );
  const form = await browser.get(path(link));
  assert.equal(form.status, 200);
  assert.match(form.body, /Choose a new password/);
  const token = new URL(link).searchParams.get("token") as string;
  const tooShort = await browser.post("/reset-password", { token, password: "short" });
  assert.equal(tooShort.status, 400);
  const done = await browser.post("/reset-password", { token, password: "a brand new password" });
  assert.equal(done.status, 303);
  assert.equal(done.location, "/sign-in?done=password_reset");
  assert.match(
    (await browser.get("/sign-in?done=password_reset")).body,
    /Your password is changed/,
  );
  const before = await signedIn.get("/account");
  assert.equal(before.status, 303, "the session from before the reset has ended");
  await webClient(app).signIn(email, "a brand new password");
  const reused = await webClient(app).get(path(link));
  assert.equal(reused.status, 404);
  assert.match(reused.body, /used already/);
});

test("repeated failed sign-ins mail the owner one unblock link, which lets them in from the blocked network", async () => {
  const email = acme.users.programAdmin.email;
  const guess = (pass: string) =>
    app
      .inject({ method: "GET", url: "/sign-in", remoteAddress: "203.0.113.50" })
      .then(async (page) => {
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
        return app.inject({
          method: "POST",
          url: "/sign-in",
          remoteAddress: "203.0.113.50",
          headers: {
            cookie: page.cookies.map((c) => `${c.name}=${c.value}`).join("; "),
            "content-type": "application/x-www-form-urlencoded",
          },
          payload: new URLSearchParams({ _csrf: csrf, email, password: pass }).toString(),
        });
      });
  for (let i = 0; i < 5; i++) assert.equal((await guess(`wrong ${i}`)).statusCode, 401);
  assert.equal((await guess(password)).statusCode, 429);
  const alert = await mailTo(email, /Failed sign-ins/);
  assert.match(alert.text ?? "", /5 failed attempts/);
  const link = linkIn(alert.text, "/sign-in/unblock?token=");
  const owner = webClient(app);
  const ask = await owner.get(path(link));
  assert.match(ask.body, /Let me sign in/);
  const unblocked = await owner.post("/sign-in/unblock", {
    token: new URL(link).searchParams.get("token") as string,
  });
  assert.equal(unblocked.status, 303);
  assert.equal((await guess(password)).statusCode, 303);
  assert.equal(mail.messagesTo(email).filter((m) => /Failed sign-ins/.test(m.subject)).length, 1);
});

test("an unverified account that belongs to one organization cannot be made an admin of another", async () => {
  const squatter = await createUser(db, { email: "newboss@other.example", password });
  await addMember(db, {
    organizationId: acme.organization.id,
    email: squatter.email,
    role: "member",
    actor: commandLineActor,
  });
  await assert.rejects(
    addMember(db, {
      organizationId: globex.organization.id,
      email: squatter.email,
      role: "org_admin",
      actor: commandLineActor,
    }),
    { kind: "conflict", message: /has not verified their email address/ },
  );
});

test("confirming an address by its mailed link marks the account verified", async () => {
  const user = await createUser(db, { email: "confirm-me@example.com", password });
  const browser = webClient(app);
  await browser.signIn(user.email, password);
  const account = await browser.get("/account");
  assert.match(account.body, /not confirmed/);
  const sent = await browser.post("/account/verify-email");
  assert.match(sent.body, /A confirmation link is on its way/);
  const link = linkIn(
    (await mailTo(user.email, /Confirm your email/)).text,
    "/verify-email?token=",
  );
  const ask = await browser.get(path(link));
  assert.match(ask.body, /Confirm my address/);
  const confirmed = await browser.post("/verify-email", {
    token: new URL(link).searchParams.get("token") as string,
  });
  assert.match(confirmed.body, /is confirmed as yours/);
  assert.equal(mail.messagesTo(user.email).length, 1, "one confirmation mail, sent once");
  assert.match((await browser.get("/account")).body, /confirmed<\/span>/);
});
