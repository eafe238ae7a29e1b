import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import type { App } from "../../src/http/build-app.ts";
import { databaseFingerprint } from "../support/database-fingerprint.ts";
import { linkIn } from "../support/mail-catcher.ts";
import { formsOf } from "../support/page-forms.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * The operator adds an organization's admins and replaces them, from the organization's page in
 * the console: whoever has an account becomes an admin at once, anyone else is invited by mail,
 * and an organization is never left without an admin. Each change is in its audit log, as the
 * operator's.
 */
const confab = await startTestApp();
const app = confab.app as App;
const db = confab.database.db;
const mail = confab.mail;
assert.ok(mail);
const acme = await seedTenant(db, "Acme");
await seedOperator(db);
const page = `/operator/organizations/${acme.organization.id}`;

async function signedIn(email: string) {
  const client = webClient(app);
  await client.signIn(email, password);
  return client;
}
const operator = await signedIn("operator@confab.example");

const roleOf = async (email: string) =>
  (
    await db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("memberships.role")
      .where("memberships.organization_id", "=", acme.organization.id)
      .where("users.email", "=", email)
      .executeTakeFirst()
  )?.role;

const auditEntries = async (action: string) =>
  db
    .selectFrom("audit_entries")
    .select(["actor_label", "subject_label"])
    .where("organization_id", "=", acme.organization.id)
    .where("action", "=", action)
    .orderBy("created_at", "desc")
    .execute();

/** The tables an admin change writes: what a refusal or going back must leave alone. */
async function adminTables() {
  const print = await databaseFingerprint(db);
  return ["memberships", "invitations", "audit_entries", "program_roles"]
    .map((t) => `${t}=${print[`public.${t}`]}`)
    .join(" ");
}

/** The confirmation's own form, as the page sends it. */
function confirmFormOf(body: string) {
  const form = formsOf(body).find((f) => f.markup.includes("button-danger"));
  assert.ok(form, "the page asks for a confirmation");
  return form.action;
}

async function addAdmin(email: string) {
  const form = await operator.get(page);
  assert.equal(form.status, 200);
  const key = /name="submission_key" value="([^"]+)"/.exec(form.body)?.[1] ?? "";
  const added = await operator.post(`${page}/admins`, { email, submission_key: key });
  return added;
}

test("the operator's list links each organization to its page, which lists its admins", async () => {
  const list = await operator.get("/operator");
  assert.match(list.body, new RegExp(`<a href="${page}">Acme</a>`));
  const shown = await operator.get(page);
  assert.equal(shown.status, 200);
  assert.match(shown.body, /<h2 id="admins-heading">Organization admins<\/h2>/);
  assert.match(shown.body, /admin@acme\.example/);
});

test("adding a member as admin promotes them, in the organization's log as the operator's", async () => {
  const added = await addAdmin(acme.users.member.email);
  assert.equal(added.status, 303);
  const told = await operator.get(added.location ?? "");
  assert.match(told.body, /member@acme\.example was a member of Acme and is now its admin\./);
  assert.equal(await roleOf(acme.users.member.email), "org_admin");
  const [entry] = await auditEntries("member.role_changed");
  assert.equal(entry?.actor_label, "operator@confab.example (operator)");
  assert.equal(entry?.subject_label, "member@acme.example: member → org_admin");
  const again = await addAdmin(acme.users.member.email);
  assert.equal(again.status, 409);
  assert.match(again.body, /member@acme\.example is already an admin of Acme\./);
});

test("adding someone with a verified account who is not a member makes them an admin at once", async () => {
  const user = await createUser(db, { email: "grace@example.com", password, name: "Grace" });
  await db
    .updateTable("users")
    .set({ email_verified_at: new Date() })
    .where("id", "=", user.id)
    .execute();
  const added = await addAdmin("Grace@Example.com");
  assert.equal(added.status, 303);
  assert.match(
    (await operator.get(added.location ?? "")).body,
    /grace@example\.com is now an admin of Acme\./,
  );
  assert.equal(await roleOf("grace@example.com"), "org_admin");
  assert.equal((await (await signedIn("grace@example.com")).get("/o/acme/manage")).status, 200);
});

test("adding someone without an account mails them an invitation to be an admin", async () => {
  const added = await addAdmin("newcomer@example.com");
  assert.equal(added.status, 303);
  const told = await operator.get(added.location ?? "");
  assert.match(told.body, /newcomer@example\.com has no verified account here yet/);
  assert.doesNotMatch(told.body, /invitation\?token=/, "the link goes to the address only");
  const invitation = await db
    .selectFrom("invitations")
    .select(["role", "invited_by"])
    .where("email", "=", "newcomer@example.com")
    .executeTakeFirstOrThrow();
  assert.equal(invitation.role, "org_admin");
  const mailed = await mail?.waitFor((m) => m.envelope.to.includes("newcomer@example.com"));
  assert.ok(linkIn(mailed?.text, "/invitation?token=").includes("/invitation?token="));
  assert.equal(
    (await auditEntries("member.invited"))[0]?.actor_label,
    "operator@confab.example (operator)",
  );
});

test("an address that is not one is refused with what to type", async () => {
  const refused = await addAdmin("not an address");
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Nobody was made an admin\./);
  assert.match(refused.body, /id="field-email-error"/);
});

test("making an admin a member asks first with what they lose and who stays admin, and going back changes nothing", async () => {
  const ask = await operator.get(`${page}/admins/${acme.users.orgAdmin.id}/demote`);
  assert.equal(ask.status, 200);
  assert.match(ask.body, /<h1>Make admin@acme\.example a member of Acme\?<\/h1>/);
  assert.match(ask.body, /can no longer manage Acme/);
  assert.match(ask.body, /Acme keeps its admins/);
  assert.match(ask.body, new RegExp(`href="${page}">Keep them an admin</a>`));
  const before = await adminTables();
  assert.equal((await operator.get(page)).status, 200);
  assert.equal(await adminTables(), before);

  const done = await operator.post(confirmFormOf(ask.body));
  assert.equal(done.status, 303);
  assert.match(
    (await operator.get(done.location ?? "")).body,
    /The admin is now a member of Acme\./,
  );
  assert.equal(await roleOf(acme.users.orgAdmin.email), "member");
  const [entry] = await auditEntries("member.role_changed");
  assert.equal(entry?.actor_label, "operator@confab.example (operator)");
  assert.equal(entry?.subject_label, "admin@acme.example: org_admin → member");
});

test("removing an admin takes them out of the organization, after a confirmation", async () => {
  const ask = await operator.get(`${page}/admins/${acme.users.member.id}/remove`);
  assert.equal(ask.status, 200);
  assert.match(ask.body, /<h1>Remove member@acme\.example from Acme\?<\/h1>/);
  assert.match(ask.body, /loses access to Acme and every role they\s+hold in its programs/);
  const done = await operator.post(confirmFormOf(ask.body));
  assert.equal(done.status, 303);
  assert.equal(await roleOf(acme.users.member.email), undefined);
  assert.equal(
    (await auditEntries("member.removed"))[0]?.actor_label,
    "operator@confab.example (operator)",
  );
});

test("the last admin cannot be replaced: the operator is told to add another first, and nothing changes", async () => {
  const grace = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", "grace@example.com")
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    await db
      .selectFrom("memberships")
      .select("user_id")
      .where("organization_id", "=", acme.organization.id)
      .where("role", "=", "org_admin")
      .execute(),
    [{ user_id: grace.id }],
    "Grace is the only admin left",
  );
  const before = await adminTables();
  for (const step of ["demote", "remove"]) {
    const ask = await operator.get(`${page}/admins/${grace.id}/${step}`);
    assert.equal(ask.status, 409);
    assert.match(
      ask.body,
      /grace@example\.com is the only admin of Acme, which would be left with nobody to manage it\. Add another admin first/,
    );
    assert.equal(
      formsOf(ask.body).filter(
        (f) => f.markup.includes("button-danger") && f.action.includes("/admins/"),
      ).length,
      0,
    );
    const forced = await operator.post(`${page}/admins/${grace.id}/${step}`);
    assert.equal(forced.status, 409);
    assert.match(forced.body, /grace@example\.com is the only organization admin/);
  }
  assert.equal(await adminTables(), before);
  assert.equal(await roleOf("grace@example.com"), "org_admin");
});

test("someone who is not an admin cannot be replaced, and another organization is not found", async () => {
  const mentor = acme.users.mentor.id;
  assert.equal((await operator.get(`${page}/admins/${mentor}/demote`)).status, 404);
  assert.equal((await operator.post(`${page}/admins/${mentor}/remove`)).status, 404);
  assert.equal((await operator.get("/operator/organizations/org_unknown")).status, 404);
});

test("only the operator reaches these pages", async () => {
  const grace = await signedIn("grace@example.com");
  assert.equal((await grace.get(page)).status, 403);
  const refused = await grace.post(`${page}/admins`, { email: "mallory@example.com" });
  assert.equal(refused.status, 403);
  assert.equal(await roleOf("mallory@example.com"), undefined);
});
