import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { createUser } from "../../src/accounts/create-user.ts";
import type { App } from "../../src/http/build-app.ts";
import { recordProvisioningSnapshot } from "../../src/operations/record-provisioning-snapshot.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { addMember } from "../../src/orgs/members.ts";
import { createProgram } from "../../src/orgs/programs.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { password, seedOperator } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * The operations dashboard over a real conferencing world: an organization whose application's
 * events get Zoom meetings from the sandbox, a second organization beside it, and the operator.
 */
const { zoom, confab, api, calendarFor, linkZoom, db, registerApplication } =
  await startConferencingWorld();
const app = confab.app as App;
const ada = await calendarFor("ada");
await linkZoom(ada.sub, zoom.users.member);
await registerApplication();

const scheduling = await loadOrgAccessForCommandLine(db, "scheduling-1");
const person = async (email: string, slug: string, role: "org_admin" | "member") => {
  await createUser(db, { email, password });
  const { organization } = await loadOrgAccessForCommandLine(db, slug);
  await addMember(db, { organizationId: organization.id, email, role, actor: commandLineActor });
  const client = webClient(app);
  await client.signIn(email, password);
  return client;
};
const admin = await person("admin@scheduling.example", "scheduling-1", "org_admin");
const member = await person("member@scheduling.example", "scheduling-1", "member");
const otherAdmin = await person("admin@other.example", "scheduling-2", "org_admin");
await seedOperator(db);
const operator = webClient(app);
await operator.signIn("operator@confab.example", password);

const dashboard = "/o/scheduling-1/manage/operations";
const start = new Date(Date.now() + 2 * 24 * 3600_000);

function upsert(eventId: string, summary = `Session ${eventId}`) {
  return api("POST", `/v1/calendars/${ada.calendarId}/events`, {
    token: ada.token,
    body: {
      event_id: eventId,
      summary,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
}

async function eventOf(eventId: string) {
  return db
    .selectFrom("events")
    .select(["id", "conferencing_state", "conferencing_reason"])
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
}

/** An event Zoom refused once: failing, and not retried by confab on its own. */
async function refusedEvent(eventId: string, summary: string) {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 400,
    zoom_code: 300,
    message: "Validation Failed.",
    times: 1,
  });
  await upsert(eventId, summary);
  return eventually(async () => {
    const event = await eventOf(eventId);
    return event.conferencing_state === "failing" ? event : undefined;
  });
}

test("the dashboard shows a failing event with its reason, and Retry re-queues it until it is assigned", async () => {
  const event = await refusedEvent("refused", "Mentoring with Ada");
  const page = await admin.get(dashboard);
  assert.equal(page.status, 200);
  assert.match(page.body, /Mentoring with Ada/);
  assert.match(page.body, /Zoom refused the meeting/);
  assert.match(page.body, new RegExp(`action="${dashboard}/events/${event.id}/retry"`));
  assert.match(page.body, /<p class="trend-value" data-state="failing">1<\/p>/);

  const retried = await admin.post(`${dashboard}/events/${event.id}/retry`);
  assert.equal(retried.status, 303);
  assert.equal(retried.location, `${dashboard}?retried=1`);
  await eventually(async () => (await eventOf("refused")).conferencing_state === "assigned");
  const after = await admin.get(`${dashboard}?retried=1`);
  assert.match(after.body, /Retry queued/);
  assert.match(after.body, /Nothing is failing/);
  const audit = await db
    .selectFrom("audit_entries")
    .select(["actor_label", "subject_label"])
    .where("action", "=", "event.provisioning_retried")
    .execute();
  assert.deepEqual(audit, [
    { actor_label: "admin@scheduling.example", subject_label: "Mentoring with Ada" },
  ]);
});

test("retrying an event that is not failing is refused with 409, and nothing is queued", async () => {
  await upsert("fine");
  await eventually(async () => (await eventOf("fine")).conferencing_state === "assigned");
  const event = await eventOf("fine");
  const provisionJobs = async () => {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from graphile_worker.jobs where key = ${`provision:${event.id}`}
    `.execute(db);
    return rows[0]?.n ?? 0;
  };
  // The worker removes a finished job just after its work commits: wait for that first.
  await eventually(async () => (await provisionJobs()) === 0);
  const reply = await admin.post(`${dashboard}/events/${event.id}/retry`);
  assert.equal(reply.status, 409);
  assert.match(reply.body, /not failing any more/);
  assert.equal(await provisionJobs(), 0);
  assert.equal((await admin.post(`${dashboard}/events/evt_nonexistent/retry`)).status, 404);
});

test("a member who is not an org admin gets 403 on the dashboard and on Retry", async () => {
  const event = await refusedEvent("member-try", "Member try");
  assert.equal((await member.get(dashboard)).status, 403);
  assert.equal((await member.post(`${dashboard}/events/${event.id}/retry`)).status, 403);
  assert.equal((await member.get("/operator/operations")).status, 403);
});

test("another organization's admin can neither see nor retry this organization's events", async () => {
  const event = await refusedEvent("private", "Private session");
  assert.equal((await otherAdmin.get(dashboard)).status, 404);
  const own = await otherAdmin.get("/o/scheduling-2/manage/operations");
  assert.equal(own.status, 200);
  assert.doesNotMatch(own.body, /Private session|Zoom refused/);
  assert.doesNotMatch(own.body, new RegExp(event.id));
  assert.doesNotMatch(own.body, /member@acme\.example/, "nor its Zoom connections");
  const retry = await otherAdmin.post(`/o/scheduling-2/manage/operations/events/${event.id}/retry`);
  assert.equal(retry.status, 404);
  assert.equal((await eventOf("private")).conferencing_state, "failing");
});

test("the operator sees failing events of every organization, by organization and id but not by title, and may retry them", async () => {
  const event = await refusedEvent("operator-sees", "Confidential title");
  const page = await operator.get("/operator/operations");
  assert.equal(page.status, 200);
  assert.match(page.body, new RegExp(event.id));
  assert.match(page.body, /Scheduling 1/);
  assert.doesNotMatch(page.body, /Confidential title/);
  const retry = await operator.post(`/operator/operations/events/${event.id}/retry`);
  assert.equal(retry.status, 303);
  await eventually(async () => (await eventOf("operator-sees")).conferencing_state === "assigned");
  assert.equal((await admin.get("/operator/operations")).status, 403);
});

test("each Zoom connection's health is shown without its tokens, and each host's daily budget as a bar", async () => {
  const page = await admin.get(dashboard);
  assert.match(page.body, /member@acme\.example/);
  assert.match(page.body, /badge-on">Connected/);
  assert.match(page.body, /Personal profile · last refresh/);
  assert.match(page.body, /aria-label="member@acme\.example: \d+ of 100 used today"/);
  const sealed = await db
    .selectFrom("provider_connections")
    .select(["access_token", "refresh_token"])
    .execute();
  for (const row of sealed) {
    assert.ok(row.access_token && !page.body.includes(row.access_token));
    assert.ok(row.refresh_token && !page.body.includes(row.refresh_token));
  }
});

test("a broken connection is shown as broken with the reason Zoom gave", async () => {
  const connection = await db
    .selectFrom("provider_connections")
    .select("id")
    .where("owner_ref", "=", ada.sub)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("provider_connections")
    .set({ status: "broken", status_reason: "Zoom no longer honours the grant." })
    .where("id", "=", connection.id)
    .execute();
  const page = await admin.get(dashboard);
  assert.match(page.body, /badge-broken">Broken/);
  assert.match(page.body, /Zoom no longer honours the grant\./);
  await db
    .updateTable("provider_connections")
    .set({ status: "connected", status_reason: null })
    .where("id", "=", connection.id)
    .execute();
});

test("the hourly snapshot records every organization once per hour, and the chart describes the history", async () => {
  assert.ok((await recordProvisioningSnapshot(db)) >= 2);
  await recordProvisioningSnapshot(db);
  const rows = await db
    .selectFrom("provisioning_snapshots")
    .selectAll()
    .where("organization_id", "=", scheduling.organization.id)
    .execute();
  assert.equal(rows.length, 1, "a second run in the same hour overwrites");
  assert.ok((rows[0]?.assigned ?? 0) >= 2);
  const page = await admin.get(dashboard);
  assert.match(page.body, /<svg class="trend-chart"[^>]*role="img"/);
  assert.match(
    page.body,
    /<title id="trend-assigned-title">Assigned events, last 24 hours<\/title>/,
  );
  assert.match(
    page.body,
    /<desc id="trend-assigned-desc">\d+ assigned events at the start of the last 24 hours, \d+ now; highest/,
  );
});

test("a program meeting counts for its program's organization, like an application's event", async () => {
  const program = await createProgram(db, scheduling, {
    name: "Ops program",
    actor: commandLineActor,
  });
  await db
    .insertInto("events")
    .values({
      id: "evt_program_meeting_failing",
      program_id: program.id,
      calendar_id: null,
      event_id: "program-meeting",
      summary: "Program check-in",
      start_at: start,
      end_at: new Date(start.getTime() + 30 * 60_000),
      time_zone: "UTC",
      conferencing_state: "failing",
      conferencing_reason: "The organization's Zoom install is disconnected.",
    })
    .execute();
  const page = await admin.get(dashboard);
  assert.match(page.body, /Program check-in/);
  assert.match(page.body, /Program: Ops program/);
  const otherPage = await otherAdmin.get("/o/scheduling-2/manage/operations");
  assert.doesNotMatch(otherPage.body, /Program check-in/);
});

test("a failure only a person can fix offers no Retry but says confab tries again once it is fixed, and a Retry sent anyway is refused", async () => {
  // Bea has linked no Zoom profile: her event waits for her to connect one.
  const bea = await calendarFor("bea");
  const sent = await api("POST", `/v1/calendars/${bea.calendarId}/events`, {
    token: bea.token,
    body: {
      event_id: "no-such-profile",
      summary: "Needs a profile",
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
  assert.equal(sent.status, 202);
  const event = await eventually(async () => {
    const found = await eventOf("no-such-profile");
    return found.conferencing_state === "failing" ? found : undefined;
  });
  const page = await admin.get(dashboard);
  const row = new RegExp(`<tr data-event="${event.id}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? "";
  assert.match(row, /Needs a profile/);
  assert.doesNotMatch(row, /\/retry"/, "no Retry for it");
  assert.match(row, /data-waits-on-fix>Retrying cannot fix this/);
  const retry = await admin.post(`${dashboard}/events/${event.id}/retry`);
  assert.equal(retry.status, 409);
  assert.match(retry.body, /Trying again cannot fix/);
});

test("Manage lists Operations for org admins, and the operator's console links to it", async () => {
  const manage = await admin.get("/o/scheduling-1/manage");
  assert.match(manage.body, /href="\/o\/scheduling-1\/manage\/operations">Operations</);
  const console = await operator.get("/operator");
  assert.match(console.body, /href="\/operator\/operations"/);
});
