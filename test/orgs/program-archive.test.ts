import assert from "node:assert/strict";
import { test } from "node:test";
import { formsOf } from "../support/page-forms.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/** Org admins rename and archive programs; an archived program keeps what it has, takes nothing new. */
const { app, db } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const { p1, p2 } = acme.programs;
const base = `/o/acme/programs/${p1.id}`;
const settings = `${base}/settings/permissions`;
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const meetingForm = (title: string) => ({
  title,
  description: "",
  date: tomorrow,
  time: "11:00",
  duration: "30",
  timeZone: "Europe/Paris",
  mode: "phone",
  invitees: acme.users.programAdmin.id,
  step: "save",
});

async function signedIn(user: { email: string }) {
  const client = webClient(app);
  await client.signIn(user.email, password);
  return client;
}
const admin = await signedIn(acme.users.orgAdmin);
const mentor = await signedIn(acme.users.mentor);

const programRow = () =>
  db
    .selectFrom("programs")
    .select(["name", "archived_at"])
    .where("id", "=", p1.id)
    .executeTakeFirstOrThrow();
const auditActions = async (action: string) =>
  (
    await db
      .selectFrom("audit_entries")
      .select("subject_label")
      .where("action", "=", action)
      .execute()
  ).map((e) => e.subject_label);

// A meeting made before anything is archived: it must stay.
const made = await mentor.post(`${base}/meetings`, meetingForm("Weekly check-in"));
assert.equal(made.status, 303);
const meetingPage = (made.location ?? "").split("?")[0] as string;

test("a rename to a name another program has is refused next to the field, and the name stays", async () => {
  await admin.get(settings);
  const taken = await admin.post(`${base}/settings/name`, { name: p2.name });
  assert.equal(taken.status, 409);
  assert.match(taken.body, /id="field-name-error"[^>]*>There is already a program with this name/);
  assert.match(taken.body, new RegExp(`value="${p2.name}"`), "what was typed is kept");
  const empty = await admin.post(`${base}/settings/name`, { name: "   " });
  assert.equal(empty.status, 400);
  assert.match(empty.body, /Enter a name of 1 to 100 characters/);
  assert.equal((await programRow()).name, "Leaders");
  assert.deepEqual(await auditActions("program.renamed"), []);
});

test("an org admin renames a program under Program settings and is told so", async () => {
  const page = await admin.get(settings);
  assert.match(page.body, /<h2 id="program-heading">Name and archive<\/h2>/);
  const renamed = await admin.post(`${base}/settings/name`, { name: "  Leadership track " });
  assert.equal(renamed.status, 303);
  assert.equal(renamed.location, `${settings}?saved=renamed`);
  assert.match(
    (await admin.get(renamed.location)).body,
    /role="status">The program is renamed Leadership track\./,
  );
  assert.equal((await programRow()).name, "Leadership track");
  assert.deepEqual(await auditActions("program.renamed"), ["Leaders to Leadership track"]);
});

test("a program admin may neither rename nor archive their program, and is not offered to", async () => {
  const programAdmin = await signedIn(acme.users.programAdmin);
  const page = await programAdmin.get(settings);
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.body, /Name and archive|Archive program/);
  assert.equal((await programAdmin.get(`${base}/settings/archive`)).status, 403);
  assert.equal((await programAdmin.post(`${base}/settings/name`, { name: "Mine" })).status, 403);
  assert.equal((await programAdmin.post(`${base}/settings/archive`)).status, 403);
  assert.equal((await programRow()).archived_at, null);
});

test("archiving asks first with the program's upcoming meetings, and Keep it active changes nothing", async () => {
  const settingsPage = await admin.get(settings);
  assert.match(settingsPage.body, new RegExp(`href="${base}/settings/archive">Archive program`));
  const asked = await admin.get(`${base}/settings/archive`);
  assert.equal(asked.status, 200);
  assert.match(asked.body, /<h1>Archive Leadership track\?<\/h1>/);
  assert.match(asked.body, /data-impact-meetings="1"/);
  assert.match(asked.body, /Its 1 upcoming\s+meeting stays until cancelled/);
  assert.match(asked.body, /nobody can make new\s+meetings in it/);
  assert.match(
    asked.body,
    new RegExp(`<a class="button button-quiet" href="${settings}">Keep it active</a>`),
  );
  assert.equal((await admin.get(settings)).status, 200, "Keep it active goes back");
  assert.equal((await programRow()).archived_at, null);
  assert.deepEqual(await auditActions("program.archived"), []);
});

test("confirming archives the program: it leaves the lists for an Archived section, with a message", async () => {
  const asked = await admin.get(`${base}/settings/archive`);
  const confirm = formsOf(asked.body).find((f) => f.markup.includes("button-danger"));
  assert.equal(confirm?.action, `${base}/settings/archive`);
  const archived = await admin.post(confirm.action);
  assert.equal(archived.status, 303);
  const programs = await admin.get(archived.location ?? "");
  assert.match(
    programs.body,
    /role="status">Leadership track is archived\. No new meetings can be made in it; its meetings already made stay until cancelled\./,
  );
  const [active, archivedSection] = programs.body.split('id="archived-programs"');
  assert.doesNotMatch(active ?? "", new RegExp(`href="${base}"`));
  assert.match(archivedSection ?? "", new RegExp(`data-archived-program="${p1.id}"`));
  assert.match(archivedSection ?? "", /aria-label="Unarchive Leadership track"/);
  assert.doesNotMatch((await admin.get("/o/acme")).body, /Leadership track/);
  assert.doesNotMatch((await mentor.get("/o/acme")).body, /Leadership track/);
  assert.notEqual((await programRow()).archived_at, null);
  assert.deepEqual(await auditActions("program.archived"), ["Leadership track"]);
});

test("an archived program refuses new meetings with a message; the meetings it has stay and can change", async () => {
  const page = await mentor.get(base);
  assert.equal(page.status, 200);
  assert.match(
    page.body,
    /Leadership track is archived<\/strong>: no new meetings can be made in it/,
  );
  assert.doesNotMatch(page.body, /New meeting/);
  assert.match(page.body, /Weekly check-in/);

  const refused = await mentor.post(`${base}/meetings`, meetingForm("One more"));
  assert.equal(refused.status, 409);
  assert.match(refused.body, /Leadership track is archived, so no new meetings can be made in it/);
  const titles = await db
    .selectFrom("events")
    .select("summary")
    .where("program_id", "=", p1.id)
    .execute();
  assert.deepEqual(
    titles.map((t) => t.summary),
    ["Weekly check-in"],
  );

  assert.equal((await mentor.get(meetingPage)).status, 200);
  const changed = await mentor.post(meetingPage, meetingForm("Weekly check-in, moved"));
  assert.equal(changed.status, 303);
  assert.match((await mentor.get(changed.location ?? "")).body, /Your changes are saved/);
});

test("unarchiving brings the program back to the lists and to new meetings", async () => {
  const programs = await admin.get("/o/acme/manage/programs");
  const unarchive = formsOf(programs.body).find((f) =>
    f.action.endsWith(`${p1.id}/settings/unarchive`),
  );
  assert.ok(unarchive, "the Archived section offers Unarchive");
  const back = await admin.post(unarchive.action);
  assert.equal(back.status, 303);
  assert.match(
    (await admin.get(back.location ?? "")).body,
    /role="status">Leadership track is back in the program lists, and takes new meetings again\./,
  );
  assert.equal((await programRow()).archived_at, null);
  assert.match((await mentor.get("/o/acme")).body, /Leadership track/);
  assert.equal((await mentor.post(`${base}/meetings`, meetingForm("Back again"))).status, 303);
  assert.deepEqual(await auditActions("program.unarchived"), ["Leadership track"]);
  assert.match(
    (await admin.get("/o/acme/manage/audit-log")).body,
    /archived program[\s\S]*Leadership track/,
  );
});
