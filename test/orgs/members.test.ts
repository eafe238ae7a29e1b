import assert from "node:assert/strict";
import { test } from "node:test";
import type { App } from "../../src/http/build-app.ts";
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
await seedTenant(db, "Globex");

async function signedIn(email: string) {
  const client = webClient(app);
  await client.signIn(email, password);
  return client;
}

/** The link of the invitation mailed to this address, as the invitee finds it. */
async function invitationLink(email: string): Promise<string> {
  const invitation = await mail?.waitFor((m) => m.envelope.to.includes(email));
  const url = new URL(linkIn(invitation?.text, "/invitation?token="));
  return `${url.pathname}${url.search}`;
}

test("an invitation mailed to a newcomer lets them make an account and join, once", async () => {
  const admin = await signedIn(acme.users.orgAdmin.email);
  await admin.get("/o/acme/manage/members");
  const invited = await admin.post("/o/acme/manage/members/invitations", {
    email: "Newcomer@Example.com",
    role: "member",
  });
  assert.equal(invited.status, 303);
  const told = await admin.get(invited.location ?? "");
  assert.match(told.body, /Invited newcomer@example\.com: the invitation is on its way by mail/);
  assert.doesNotMatch(told.body, /invitation\?token=/, "the inviter never sees the link");
  const link = await invitationLink("newcomer@example.com");

  const newcomer = webClient(app);
  const page = await newcomer.get(link);
  assert.equal(page.status, 200);
  assert.match(page.body, /Join Acme/);
  assert.match(page.body, /newcomer@example\.com/);
  const token = new URLSearchParams(link.split("?")[1]).get("token") ?? "";
  const short = await newcomer.post("/invitation/create-account", {
    token,
    name: "New",
    password: "short",
  });
  assert.equal(short.status, 400);
  assert.match(short.body, /id="field-password-error"[^>]*>Use at least 10 characters/);
  assert.equal(
    (
      await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "newcomer@example.com")
        .execute()
    ).length,
    0,
    "no account is half-made",
  );
  const joined = await newcomer.post("/invitation/create-account", {
    token,
    name: "New",
    password,
  });
  assert.equal(joined.status, 303);
  assert.equal(joined.location, "/o/acme");
  assert.equal((await newcomer.get("/o/acme")).status, 200);

  const again = await webClient(app).get(link);
  assert.equal(again.status, 404, "the link works once");
});

test("an invitation cannot be accepted by someone signed in with another email", async () => {
  const admin = await signedIn(acme.users.orgAdmin.email);
  await admin.get("/o/acme/manage/members");
  const invited = await admin.post("/o/acme/manage/members/invitations", {
    email: "someone@example.com",
    role: "org_admin",
  });
  assert.equal(invited.status, 303);
  const token =
    new URLSearchParams((await invitationLink("someone@example.com")).split("?")[1]).get("token") ??
    "";
  const intruder = await signedIn(acme.users.member.email);
  await intruder.get("/account");
  const reply = await intruder.post("/invitation/accept", { token });
  assert.equal(reply.status, 403);
  const role = await db
    .selectFrom("memberships")
    .select("role")
    .where("user_id", "=", acme.users.member.id)
    .executeTakeFirstOrThrow();
  assert.equal(role.role, "member");
});

test("inviting someone who is already a member says so next to the email field", async () => {
  const admin = await signedIn(acme.users.orgAdmin.email);
  await admin.get("/o/acme/manage/members");
  const reply = await admin.post("/o/acme/manage/members/invitations", {
    email: acme.users.mentor.email,
    role: "member",
  });
  assert.equal(reply.status, 409);
  assert.match(reply.body, /id="field-email-error"[^>]*>This person is already a member\./);
});

test("removing a member asks first, takes their program roles too, and is in the audit log", async () => {
  const admin = await signedIn(acme.users.orgAdmin.email);
  const confirm = await admin.get(`/o/acme/manage/members/${acme.users.mentor.id}/remove`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.body, /Remove mentor@acme\.example from Acme\?/);
  const reply = await admin.post(`/o/acme/manage/members/${acme.users.mentor.id}/remove`);
  assert.equal(reply.status, 303);
  const roles = await db
    .selectFrom("program_roles")
    .select("role")
    .where("user_id", "=", acme.users.mentor.id)
    .execute();
  assert.deepEqual(roles, []);
  const entry = await db
    .selectFrom("audit_entries")
    .select(["actor_label", "subject_label"])
    .where("action", "=", "member.removed")
    .executeTakeFirstOrThrow();
  assert.deepEqual(entry, {
    actor_label: acme.users.orgAdmin.email,
    subject_label: acme.users.mentor.email,
  });
  const mentor = webClient(app);
  await mentor.signIn(acme.users.mentor.email, password);
  assert.equal((await mentor.get("/o/acme")).status, 404);
});

test("the only organization admin cannot be removed or demoted", async () => {
  const admin = await signedIn(acme.users.orgAdmin.email);
  await admin.get("/o/acme/manage/members");
  const removed = await admin.post(`/o/acme/manage/members/${acme.users.orgAdmin.id}/remove`);
  assert.equal(removed.status, 409);
  assert.match(removed.body, /is the only organization admin/);
  const demoted = await admin.post(`/o/acme/manage/members/${acme.users.orgAdmin.id}/role`, {
    role: "member",
  });
  assert.equal(demoted.status, 409);
  const role = await db
    .selectFrom("memberships")
    .select("role")
    .where("user_id", "=", acme.users.orgAdmin.id)
    .where("organization_id", "=", acme.organization.id)
    .executeTakeFirstOrThrow();
  assert.equal(role.role, "org_admin");
});

test("the organization switcher lists only the user's own organizations", async () => {
  const { createOrganization } = await import("../../src/orgs/create-organization.ts");
  const { addMember } = await import("../../src/orgs/members.ts");
  const { commandLineActor } = await import("../../src/orgs/load-org-access.ts");
  const initech = await createOrganization(db, { name: "Initech", actor: commandLineActor });
  await addMember(db, {
    organizationId: initech.id,
    email: acme.users.member.email,
    role: "member",
    actor: commandLineActor,
  });
  const member = await signedIn(acme.users.member.email);
  const page = await member.get("/o/acme");
  const switcher = /aria-label="Switch organization">([\s\S]*?)<\/ul>/.exec(page.body)?.[1] ?? "";
  assert.match(switcher, /href="\/o\/acme"/);
  assert.match(switcher, /href="\/o\/initech"/);
  assert.doesNotMatch(switcher, /globex/);
  assert.equal((await member.get("/o/initech")).status, 200);
  assert.equal((await member.get("/o/globex")).status, 404);
});
