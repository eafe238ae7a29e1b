import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { pruneFormSubmissions } from "../../src/submissions/prune-form-submissions.ts";
import { countRows } from "../support/count-rows.ts";
import { formsOf } from "../support/page-forms.ts";
import { addConfirmedMember, password, seedOperator, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * A form that makes something carries a one-time key: sent again (Back and Reload, a second
 * click, a second tab), it leads to what the first sending made instead of making it twice.
 */
const { app, db } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const operator = await seedOperator(db);
const { orgAdmin } = acme.users;
const secondAdmin = await addConfirmedMember(db, {
  organizationId: acme.organization.id,
  email: "second-admin@acme.example",
  name: "Second admin",
  role: "org_admin",
});

async function signedIn(email: string) {
  const client = webClient(app);
  await client.signIn(email, password);
  return client;
}

/** The one-time key the page put in the form that posts to `action`. */
function keyIn(page: string, action: string): string {
  const form = formsOf(page).find((f) => f.method === "post" && f.action === action);
  assert.ok(form, `a form posting to ${action}`);
  const [key] = [...(form.fields.get("submission_key") ?? [])];
  assert.match(key ?? "", /^[A-Za-z0-9_-]{20,}$/, `a submission key in ${form.markup}`);
  return key as string;
}

const secretIn = (body: string) => /data-client-secret>([^<]+)</.exec(body)?.[1];
const applicationsNamed = async (name: string) =>
  (await db.selectFrom("applications").select("id").where("name", "=", name).execute()).length;

test("registering an application answers with a redirect, and its page shows the secret on the first opening only", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/applications";
  const key = keyIn((await admin.get(list)).body, list);
  const sent = await admin.post(list, {
    name: "Booking page",
    redirect_uris: "https://booking.example/connected",
    submission_key: key,
  });
  assert.equal(sent.status, 303);
  assert.match(sent.location ?? "", /^\/o\/acme\/manage\/applications\/app_[0-9a-f]+$/);
  assert.ok(!sent.location?.includes("cfbs_"), "the secret is never in the address");
  const first = await admin.get(sent.location ?? "");
  assert.match(secretIn(first.body) ?? "", /^cfbs_/);
  const reload = await admin.get(sent.location ?? "");
  assert.equal(reload.status, 200);
  assert.equal(secretIn(reload.body), undefined, "a reload shows no secret");

  const again = await admin.post(list, {
    name: "Booking page",
    redirect_uris: "https://booking.example/connected",
    submission_key: key,
  });
  assert.equal(again.status, 303);
  assert.equal(again.location, sent.location, "sent again, the form leads to the first result");
  assert.equal(await applicationsNamed("Booking page"), 1, "no second application");
  assert.equal(secretIn((await admin.get(again.location ?? "")).body), undefined, "no new secret");
});

test("the secret shown once is kept encrypted until shown, and not at all once shown", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/applications";
  const sent = await admin.post(list, {
    name: "Encrypted wait",
    redirect_uris: "",
    submission_key: keyIn((await admin.get(list)).body, list),
  });
  const row = await db
    .selectFrom("form_submissions")
    .select("shown_once")
    .where("result_path", "=", sent.location ?? "")
    .executeTakeFirstOrThrow();
  assert.match(row.shown_once ?? "", /^v1\./);
  const secret = secretIn((await admin.get(sent.location ?? "")).body) ?? "missing";
  assert.ok(!(row.shown_once ?? "").includes(secret));
  const after = await db
    .selectFrom("form_submissions")
    .select("shown_once")
    .where("result_path", "=", sent.location ?? "")
    .executeTakeFirstOrThrow();
  assert.equal(after.shown_once, null);
});

test("an application is refused a name the organization already uses, and the message names the one it has", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/applications";
  await admin.post(list, {
    name: "Team calendar",
    redirect_uris: "",
    submission_key: keyIn((await admin.get(list)).body, list),
  });
  const twin = await admin.post(list, {
    name: "  team CALENDAR ",
    redirect_uris: "",
    submission_key: keyIn((await admin.get(list)).body, list),
  });
  assert.equal(twin.status, 409);
  assert.match(
    twin.body,
    /id="field-name-error"[^>]*>This organization already has an application named &quot;Team calendar&quot;, registered \d{4}-\d{2}-\d{2}\. Give this one another name/,
  );
  assert.equal(await applicationsNamed("Team calendar"), 1);
  assert.equal(
    (await db.selectFrom("applications").select("id").where("name", "=", "team CALENDAR").execute())
      .length,
    0,
  );
});

test("a form key another person sent is refused, and makes nothing", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/programs";
  const key = keyIn((await admin.get(list)).body, list);
  assert.equal((await admin.post(list, { name: "Mentors", submission_key: key })).status, 303);
  // Another admin signed in on the same browser sends the page left open (Back, then Reload).
  const other = await signedIn(secondAdmin.email);
  await other.get(list);
  const programs = await countRows(db, "programs");
  const refused = await other.post(list, { name: "Mentors too", submission_key: key });
  assert.equal(refused.status, 403);
  assert.match(refused.body, /already sent by someone else/);
  assert.equal(await countRows(db, "programs"), programs);
});

test("a mangled form key is refused with a way forward", async () => {
  const admin = await signedIn(orgAdmin.email);
  await admin.get("/o/acme/manage/programs");
  const refused = await admin.post("/o/acme/manage/programs", {
    name: "Mangled",
    submission_key: "not a key!",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Open the page again and send it from there/);
});

test("a program form sent again leads to the first program, and a failed sending leaves its key for the corrected form", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/programs";
  const key = keyIn((await admin.get(list)).body, list);
  const bad = await admin.post(list, { name: "", submission_key: key });
  assert.equal(bad.status, 400, "nothing made, so the key is still unused");
  const made = await admin.post(list, { name: "Alumni", submission_key: key });
  assert.equal(made.status, 303);
  assert.match(made.location ?? "", /^\/o\/acme\/programs\/prg_/);
  const again = await admin.post(list, { name: "Alumni", submission_key: key });
  assert.equal(again.status, 303);
  assert.equal(again.location, made.location);
  const named = await db.selectFrom("programs").select("id").where("name", "=", "Alumni").execute();
  assert.equal(named.length, 1);
});

test("two sendings of one form at the same moment make one program between them", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/programs";
  const key = keyIn((await admin.get(list)).body, list);
  const replies = await Promise.all([
    admin.post(list, { name: "Racing", submission_key: key }),
    admin.post(list, { name: "Racing", submission_key: key }),
  ]);
  assert.deepEqual(
    replies.map((r) => r.status),
    [303, 303],
  );
  assert.equal(replies[0]?.location, replies[1]?.location);
  const named = await db.selectFrom("programs").select("id").where("name", "=", "Racing").execute();
  assert.equal(named.length, 1);
});

test("an invitation form sent again sends no second invitation, and the notice is said once", async () => {
  const admin = await signedIn(orgAdmin.email);
  const members = "/o/acme/manage/members";
  const key = keyIn((await admin.get(members)).body, `${members}/invitations`);
  const fields = { email: "newcomer@acme.example", role: "member", submission_key: key };
  const sent = await admin.post(`${members}/invitations`, fields);
  assert.equal(sent.status, 303);
  assert.match(sent.location ?? "", /^\/o\/acme\/manage\/members\?invited=inv_/);
  const mails = await countRows(db, "outbox_messages");
  const again = await admin.post(`${members}/invitations`, fields);
  assert.equal(again.status, 303);
  assert.equal(again.location, sent.location);
  assert.equal(await countRows(db, "outbox_messages"), mails, "no second mail");
  const invitations = await db
    .selectFrom("invitations")
    .select("id")
    .where("email", "=", "newcomer@acme.example")
    .execute();
  assert.equal(invitations.length, 1);
  const page = await admin.get(sent.location ?? "");
  assert.match(page.body, /role="status">[^<]*newcomer@acme\.example/);
  assert.doesNotMatch((await admin.get(sent.location ?? "")).body, /role="status">[^<]*Invited/);
});

test("an organization form sent again creates no second organization", async () => {
  const op = await signedIn(operator.email);
  const key = keyIn((await op.get("/operator")).body, "/operator/organizations");
  const fields = { name: "Globex", slug: "", admin_email: "", submission_key: key };
  const sent = await op.post("/operator/organizations", fields);
  assert.equal(sent.status, 303);
  assert.match(sent.location ?? "", /^\/operator\?created=org_/);
  const again = await op.post("/operator/organizations", fields);
  assert.equal(again.status, 303, "not the slug conflict a second create would meet");
  assert.equal(again.location, sent.location);
  assert.match((await op.get(sent.location ?? "")).body, /Created Globex\./);
  const named = await db
    .selectFrom("organizations")
    .select("id")
    .where("slug", "=", "globex")
    .execute();
  assert.equal(named.length, 1);
});

test("rotating a secret redirects, and the new secret is shown once on the application's page", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/applications";
  const created = await admin.post(list, {
    name: "Rotated in the browser",
    redirect_uris: "",
    submission_key: keyIn((await admin.get(list)).body, list),
  });
  const first = secretIn((await admin.get(created.location ?? "")).body);
  const rotate = `${created.location}/rotate-secret`;
  const key = keyIn((await admin.get(rotate)).body, rotate);
  const rotated = await admin.post(rotate, { submission_key: key });
  assert.equal(rotated.status, 303);
  assert.equal(rotated.location, created.location);
  const shown = secretIn((await admin.get(rotated.location ?? "")).body);
  assert.match(shown ?? "", /^cfbs_/);
  assert.notEqual(shown, first);
  assert.equal(secretIn((await admin.get(rotated.location ?? "")).body), undefined);
  const rows = await countRows(db, "audit_entries");
  assert.equal((await admin.post(rotate, { submission_key: key })).status, 303);
  assert.equal(await countRows(db, "audit_entries"), rows, "the same confirmation rotates once");
});

test("a secret its page never showed in time is forgotten, and old keys are pruned", async () => {
  const admin = await signedIn(orgAdmin.email);
  const list = "/o/acme/manage/applications";
  const sent = await admin.post(list, {
    name: "Never opened",
    redirect_uris: "",
    submission_key: keyIn((await admin.get(list)).body, list),
  });
  await sql`update form_submissions set created_at = now() - interval '20 minutes' where result_path = ${sent.location}`.execute(
    db,
  );
  assert.equal(secretIn((await admin.get(sent.location ?? "")).body), undefined, "too late");
  await pruneFormSubmissions(db);
  const row = await db
    .selectFrom("form_submissions")
    .select("shown_once")
    .where("result_path", "=", sent.location ?? "")
    .executeTakeFirstOrThrow();
  assert.equal(row.shown_once, null);
  await sql`update form_submissions set created_at = now() - interval '8 days' where result_path = ${sent.location}`.execute(
    db,
  );
  await pruneFormSubmissions(db);
  const left = await db
    .selectFrom("form_submissions")
    .select("key")
    .where("result_path", "=", sent.location ?? "")
    .execute();
  assert.equal(left.length, 0);
});

test("with mail off, the invitation link for a new organization's first admin is shown to the operator once", async () => {
  const op = await signedIn(operator.email);
  const sent = await op.post("/operator/organizations", {
    name: "Initech",
    slug: "",
    admin_email: "first-admin@initech.example",
    submission_key: keyIn((await op.get("/operator")).body, "/operator/organizations"),
  });
  assert.equal(sent.status, 303);
  assert.ok(!sent.location?.includes("token"), "the link is never in the address");
  const first = await op.get(sent.location ?? "");
  assert.match(first.body, /Created Initech\. Invited first-admin@initech\.example\. Mail is off/);
  assert.match(first.body, /data-invitation-link>[^<]*\/invitation\?token=/);
  const reload = await op.get(sent.location ?? "");
  assert.doesNotMatch(reload.body, /data-invitation-link/, "a reload shows no link");
});

test("an organization's first admin with a confirmed account is added at once, and the notice says so", async () => {
  const op = await signedIn(operator.email);
  const sent = await op.post("/operator/organizations", {
    name: "Hooli",
    slug: "",
    admin_email: acme.users.member.email,
    submission_key: keyIn((await op.get("/operator")).body, "/operator/organizations"),
  });
  assert.equal(sent.status, 303);
  const page = await op.get(sent.location ?? "");
  assert.match(page.body, /Created Hooli with member@acme\.example as its admin\./);
});
