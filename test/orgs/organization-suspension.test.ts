import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { startInProcessWorker } from "../support/in-process-worker.ts";
import { formsOf } from "../support/page-forms.ts";
import { addConfirmedMember, password, seedOperator } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * The operator suspends an organization: its members read why instead of its pages, its
 * applications' API calls are refused with the reason, and the worker makes no Zoom meeting for
 * it; unsuspending brings all of it back, and the meetings that waited are made then. No worker
 * runs until the event is in: the one started later finds the organization suspended.
 */
const world = await startConferencingWorld({}, { inProcessWorker: false });
const { zoom, confab, db, api, application, calendarFor, linkZoom } = world;
const web = confab.app as NonNullable<typeof confab.app>;
const organization = await db
  .selectFrom("applications")
  .innerJoin("organizations", "organizations.id", "applications.organization_id")
  .select(["organizations.id", "organizations.slug", "organizations.name"])
  .where("applications.id", "=", application.id)
  .executeTakeFirstOrThrow();
await seedOperator(db);
await addConfirmedMember(db, {
  organizationId: organization.id,
  email: "ada@scheduling.example",
  name: "Ada",
  role: "org_admin",
});
const calendar = await calendarFor("suspension");
await linkZoom(calendar.sub, zoom.users.member);
const reason = "The subscription ended; renew it to continue";
const page = `/operator/organizations/${organization.id}`;
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const start = Date.now() + 7 * 86_400_000;

async function signedIn(email: string) {
  const client = webClient(web);
  await client.signIn(email, password);
  return client;
}
const operator = await signedIn("operator@confab.example");
const member = await signedIn("ada@scheduling.example");

const meetingCreates = async () =>
  (await zoom.calls()).filter((c) => c.method === "POST" && c.path.endsWith("/meetings")).length;
const eventState = async () =>
  db
    .selectFrom("events")
    .select(["conferencing_state", "conferencing_reason"])
    .where("event_id", "=", "suspended-session")
    .executeTakeFirstOrThrow();

// Written before the suspension; made by no one until a worker runs.
const upserted = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
  token: calendar.token,
  body: {
    event_id: "suspended-session",
    summary: "Mentoring session",
    start: utc(start),
    end: utc(start + 3600_000),
    tzid: "Etc/UTC",
    conferencing: { profile_id: "default" },
  },
});
assert.equal(upserted.status, 202, JSON.stringify(upserted.body));

test("suspending asks first with the reason and what it reaches, counted", async () => {
  const form = await operator.get(page);
  assert.match(form.body, /<form method="get" action="[^"]+\/suspend"/);
  const empty = await operator.get(`${page}/suspend?reason=`);
  assert.equal(empty.status, 400);
  assert.match(empty.body, /Say why, in 1 to 500 characters/);

  const ask = await operator.get(`${page}/suspend?reason=${encodeURIComponent(reason)}`);
  assert.equal(ask.status, 200);
  assert.match(ask.body, new RegExp(`<h1>Suspend ${organization.name}\\?</h1>`));
  assert.match(ask.body, /data-impact-members="1"/);
  assert.match(ask.body, /data-impact-meetings="1"/);
  assert.match(ask.body, /data-impact-applications="1"/);
  assert.match(ask.body, /nothing is deleted/);
  const confirm = formsOf(ask.body).find((f) => f.markup.includes("button-danger"));
  assert.ok(confirm);
  assert.deepEqual([...(confirm.fields.get("reason") ?? [])], [reason]);
  const done = await operator.post(confirm.action, { reason });
  assert.equal(done.status, 303);
  assert.match((await operator.get(done.location ?? "")).body, /is suspended: its members/);
  const entry = await db
    .selectFrom("audit_entries")
    .select(["actor_label", "subject_label"])
    .where("organization_id", "=", organization.id)
    .where("action", "=", "organization.suspended")
    .executeTakeFirstOrThrow();
  assert.equal(entry.actor_label, "operator@confab.example (operator)");
  assert.equal(entry.subject_label, `${organization.name}: ${reason}`);
});

test("the operator's list shows the organization as suspended", async () => {
  const list = await operator.get("/operator");
  assert.match(
    list.body,
    new RegExp(`${organization.name}</a> <span class="badge badge-broken"[^>]*>Suspended</span>`),
  );
});

test("members see that the organization is suspended, why, and whom to contact, instead of its pages", async () => {
  const expected = `${organization.name} is suspended by the operator of this confab: ${reason}. Contact operator@confab.example.`;
  for (const path of [`/o/${organization.slug}`, `/o/${organization.slug}/manage/members`]) {
    const refused = await member.get(path);
    assert.equal(refused.status, 403, path);
    assert.match(refused.body, new RegExp(`<h1>${organization.name} is suspended</h1>`));
    assert.ok(refused.body.includes(expected), refused.body);
  }
  assert.equal((await member.get("/meetings")).status, 200, "their own meetings page still opens");
});

test("the organization's applications are refused with a clear 403 on every API call", async () => {
  const message = new RegExp(
    `^${organization.name} is suspended by the operator of this confab: ${reason}\\.`,
  );
  const read = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
    token: calendar.token,
  });
  assert.equal(read.status, 403);
  assert.equal(read.body.error, "forbidden");
  assert.match(read.body.message as string, message);
  assert.ok(read.body.request_id);
  const tokens = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      application_calendar_id: "another",
    },
  });
  assert.equal(tokens.status, 403);
  assert.match(tokens.body.message as string, message);
  const refresh = await api("POST", "/oauth/token", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      grant_type: "refresh_token",
      refresh_token: calendar.refreshToken,
    },
  });
  assert.equal(refresh.status, 403);
  assert.match(refresh.body.error_description as string, message);
  const wrong = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: application.clientId,
      client_secret: "not-the-secret",
      application_calendar_id: "another",
    },
  });
  assert.equal(wrong.status, 401, "wrong credentials learn nothing of the suspension");
});

test("the worker makes no Zoom meeting while suspended: the event waits, failing with the reason", async () => {
  await startInProcessWorker(confab);
  const waiting = await eventually(
    async () => {
      const state = await eventState();
      return state.conferencing_state === "failing" ? state : undefined;
    },
    30_000,
    "the event to wait",
  );
  assert.match(
    waiting.conferencing_reason ?? "",
    new RegExp(`suspended by the operator of this confab \\(${reason}\\)`),
  );
  assert.equal(await meetingCreates(), 0);
});

test("unsuspending brings back the pages and the API, and the meeting that waited is made", async () => {
  const shown = await operator.get(page);
  const unsuspend = formsOf(shown.body).find((f) => f.action.endsWith("/unsuspend"));
  assert.ok(unsuspend, "the page offers to unsuspend");
  const done = await operator.post(unsuspend.action);
  assert.equal(done.status, 303);
  assert.match((await operator.get(done.location ?? "")).body, /is no longer suspended/);
  assert.doesNotMatch((await operator.get("/operator")).body, />Suspended</);

  assert.equal((await member.get(`/o/${organization.slug}`)).status, 200);
  const event = await eventually(
    async () => {
      const read = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
        token: calendar.token,
      });
      assert.equal(read.status, 200);
      const found = (
        read.body.events as { event_id: string; conferencing?: { join_url?: string } }[]
      ).find((e) => e.event_id === "suspended-session");
      return found?.conferencing?.join_url ? found : undefined;
    },
    30_000,
    "the meeting after unsuspending",
  );
  assert.match(event.conferencing?.join_url ?? "", /\/j\/\d+/);
  assert.equal(await meetingCreates(), 1);
  // The join link is written a moment before the state moves on, in the worker's next step.
  await eventually(
    async () => (await eventState()).conferencing_state === "assigned",
    30_000,
    "the event assigned",
  );
  assert.ok(
    await db
      .selectFrom("audit_entries")
      .select("id")
      .where("organization_id", "=", organization.id)
      .where("action", "=", "organization.unsuspended")
      .executeTakeFirst(),
  );
});
