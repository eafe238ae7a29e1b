import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { databaseFingerprint } from "../support/database-fingerprint.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { formsOf } from "../support/page-forms.ts";
import { password, seedOperator } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Each switch that turns Zoom off (a program admin's mode, an org admin's per program, the
 * operator's integrations) asks first, with what it reaches counted from the database; going
 * back changes nothing; confirming switches it and says so. Zoom meetings already made stay.
 */
const world = await startConferencingWorld();
const { confab, db } = world;
const { acme, sandboxMeeting } = await organizationWithZoom(world);
const { p1 } = acme.programs;
await seedOperator(db);
const web = confab.app as NonNullable<typeof confab.app>;
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const meetingForm = (title: string, mode: string) => ({
  title,
  description: "",
  date: tomorrow,
  time: "11:00",
  duration: "30",
  timeZone: "Europe/Paris",
  mode,
  invitees: acme.users.mentee.id,
  step: "save",
});

async function signedIn(email: string) {
  const client = webClient(web);
  await client.signIn(email, password);
  return client;
}
const mentor = await signedIn(acme.users.mentor.email);
const programAdmin = await signedIn(acme.users.programAdmin.email);
const orgAdmin = await signedIn(acme.users.orgAdmin.email);
const operator = await signedIn("operator@confab.example");

// Two upcoming Zoom meetings in Leaders; a cancelled one and a phone meeting do not count.
const zoomIds: string[] = [];
for (const title of ["Career chat", "Goals review", "Cancelled chat"]) {
  const made = await mentor.post(`/o/acme/programs/${p1.id}/meetings`, meetingForm(title, "zoom"));
  assert.equal(made.status, 303);
  const page = (made.location ?? "").split("?")[0] as string;
  const zoomId = await eventually(
    async () => /data-join-url>[^<]*\/j\/(\d+)/.exec((await mentor.get(page)).body)?.[1],
    30_000,
    "the join link",
  );
  if (title === "Cancelled chat") {
    await mentor.get(`${page}/cancel`);
    assert.equal((await mentor.post(`${page}/cancel`)).status, 303);
    await eventually(async () => (await sandboxMeeting(zoomId)) === undefined, 30_000, "delete");
  } else {
    zoomIds.push(zoomId);
  }
}
assert.equal(
  (await mentor.post(`/o/acme/programs/${p1.id}/meetings`, meetingForm("By phone", "phone")))
    .status,
  303,
);

/** The switches' own tables: what a confirmation page or going back must leave alone. */
async function switches() {
  const print = await databaseFingerprint(db);
  return ["organizations", "integration_programs", "meeting_modes", "audit_entries"]
    .map((t) => `${t}=${print[`public.${t}`]}`)
    .join(" ");
}

/** The confirmation's own form, as the page sends it. */
function confirmFormOf(body: string) {
  const form = formsOf(body).find((f) => f.markup.includes("button-danger"));
  assert.ok(form, "the page asks for a confirmation");
  const fields = Object.fromEntries(
    [...form.fields].filter(([name]) => name !== "_csrf").map(([name, v]) => [name, [...v][0]]),
  ) as Record<string, string>;
  return { action: form.action, fields };
}

const zoomModeOn = async () =>
  (
    await db
      .selectFrom("meeting_modes")
      .select("enabled")
      .where("program_id", "=", p1.id)
      .where("key", "=", "zoom")
      .executeTakeFirstOrThrow()
  ).enabled;

async function zoomMeetingsStillThere() {
  for (const id of zoomIds) assert.ok(await sandboxMeeting(id), `Zoom meeting ${id} stays`);
}

test("turning off Zoom video call asks first with the program's upcoming Zoom meetings, and Keep it on changes nothing", async () => {
  const settings = `/o/acme/programs/${p1.id}/settings/permissions`;
  const page = await programAdmin.get(settings);
  const turnOff = `/o/acme/programs/${p1.id}/settings/meeting-modes/zoom/turn-off`;
  assert.match(
    page.body,
    new RegExp(`href="${turnOff}">Turn off<span class="visually-hidden"> Zoom video call</span>`),
  );
  const before = await switches();
  const asked = await programAdmin.get(turnOff);
  assert.equal(asked.status, 200);
  assert.match(asked.body, /<h1>Turn off Zoom video call in Leaders\?<\/h1>/);
  assert.match(asked.body, /New meetings in Leaders cannot use\s+Zoom/);
  assert.match(asked.body, /data-impact-meetings="2"/);
  assert.match(asked.body, /2 upcoming Zoom\s+meetings in Leaders keep their links/);
  assert.match(
    asked.body,
    new RegExp(`<a class="button button-quiet" href="${settings}">Keep it on</a>`),
  );
  assert.equal((await programAdmin.get(settings)).status, 200, "Keep it on goes back");
  assert.equal(await switches(), before);
  assert.equal(await zoomModeOn(), true);
});

test("confirming turns Zoom video call off and says so; the Zoom meetings keep their links; turning it on says so too", async () => {
  const asked = await programAdmin.get(
    `/o/acme/programs/${p1.id}/settings/meeting-modes/zoom/turn-off`,
  );
  const { action, fields } = confirmFormOf(asked.body);
  assert.deepEqual(fields, { enabled: "false" });
  const done = await programAdmin.post(action, fields);
  assert.equal(done.status, 303);
  assert.match(
    (await programAdmin.get(done.location ?? "")).body,
    /role="status">Zoom video call is off: new meetings in Leaders cannot use it\. Meetings already made keep their links\./,
  );
  assert.equal(await zoomModeOn(), false);
  await zoomMeetingsStillThere();

  const on = await programAdmin.post(action, { enabled: "true" });
  assert.equal(on.status, 303);
  assert.match(
    (await programAdmin.get(on.location ?? "")).body,
    /role="status">Zoom video call is on: members of Leaders can pick it for new meetings\./,
  );
  assert.equal(await zoomModeOn(), true);
});

test("disabling Zoom for a program asks the org admin first with its upcoming Zoom meetings, and Keep Zoom changes nothing", async () => {
  const integrations = "/o/acme/manage/integrations";
  const disable = `${integrations}/zoom/programs/${p1.id}/disable`;
  const page = await orgAdmin.get(integrations);
  assert.match(
    page.body,
    new RegExp(`href="${disable}">Disable<span class="visually-hidden"> Zoom for Leaders</span>`),
  );
  const before = await switches();
  const asked = await orgAdmin.get(disable);
  assert.equal(asked.status, 200);
  assert.match(asked.body, /<h1>Disable Zoom for Leaders\?<\/h1>/);
  assert.match(
    asked.body,
    /members can no longer pick it, though its program admin has it turned on/,
  );
  assert.match(asked.body, /2 upcoming Zoom\s+meetings in Leaders keep their links/);
  assert.match(
    asked.body,
    new RegExp(`<a class="button button-quiet" href="${integrations}">Keep Zoom</a>`),
  );
  assert.equal((await orgAdmin.get(integrations)).status, 200);
  assert.equal(await switches(), before);
  assert.equal(
    (await programAdmin.get(`/o/acme/programs/${p1.id}/settings/permissions`)).status,
    200,
  );
});

test("confirming disables Zoom for the program and says so; enabling it again says so too", async () => {
  const asked = await orgAdmin.get(`/o/acme/manage/integrations/zoom/programs/${p1.id}/disable`);
  const { action, fields } = confirmFormOf(asked.body);
  const done = await orgAdmin.post(action, fields);
  assert.equal(done.status, 303);
  assert.match(
    (await orgAdmin.get(done.location ?? "")).body,
    /role="status">Zoom is disabled for Leaders: new meetings there cannot use it\. Meetings already made keep their links\./,
  );
  const enabled = await db
    .selectFrom("integration_programs")
    .select("program_id")
    .where("program_id", "=", p1.id)
    .execute();
  assert.deepEqual(enabled, []);
  await zoomMeetingsStillThere();

  const again = await orgAdmin.post(action, { enabled: "true" });
  assert.equal(again.status, 303);
  assert.match(
    (await orgAdmin.get(again.location ?? "")).body,
    /role="status">Zoom is enabled for Leaders: its members can pick Zoom video call again\./,
  );
});

test("the operator is asked before disabling integrations, with the programs and upcoming Zoom meetings that stay, and Keep changes nothing", async () => {
  const disable = `/operator/organizations/${acme.organization.id}/integrations/disable`;
  const consolePage = await operator.get("/operator");
  assert.match(
    consolePage.body,
    new RegExp(
      `href="${disable}">Disable<span class="visually-hidden"> integrations for Acme</span>`,
    ),
  );
  const before = await switches();
  const asked = await operator.get(disable);
  assert.equal(asked.status, 200);
  assert.match(asked.body, /<h1>Disable integrations for Acme\?<\/h1>/);
  assert.match(asked.body, /can no longer\s+install, change or remove integrations/);
  assert.match(
    asked.body,
    /Zoom stays installed for Acme and\s+keeps working: members can still pick it in 1 program \(Leaders\)\./,
  );
  assert.match(asked.body, /2 upcoming Zoom\s+meetings in Acme keep their links/);
  assert.match(
    asked.body,
    /host program meetings with their own connected accounts: such\s+meetings keep their links but wait/,
  );
  assert.match(
    asked.body,
    /<a class="button button-quiet" href="\/operator">Keep integrations enabled<\/a>/,
  );
  assert.equal((await operator.get("/operator")).status, 200);
  assert.equal(await switches(), before);
});

test("confirming disables integrations and says so; enabling them again says so too", async () => {
  const asked = await operator.get(
    `/operator/organizations/${acme.organization.id}/integrations/disable`,
  );
  const { action, fields } = confirmFormOf(asked.body);
  const done = await operator.post(action, fields);
  assert.equal(done.status, 303);
  assert.match(
    (await operator.get(done.location ?? "")).body,
    /role="status">Integrations are disabled for Acme\. What is installed keeps\s+working/,
  );
  const organization = () =>
    db
      .selectFrom("organizations")
      .select("integrations_enabled")
      .where("id", "=", acme.organization.id)
      .executeTakeFirstOrThrow();
  assert.equal((await organization()).integrations_enabled, false);
  assert.match(
    (await orgAdmin.get("/o/acme/manage/integrations")).body,
    /Ask your confab operator/,
  );
  await zoomMeetingsStillThere();

  const again = await operator.post(action, { enabled: "true" });
  assert.equal(again.status, 303);
  assert.match(
    (await operator.get(again.location ?? "")).body,
    /role="status">Integrations are enabled for Acme: its organization admins\s+can install Zoom/,
  );
  assert.equal((await organization()).integrations_enabled, true);
});
