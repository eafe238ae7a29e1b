import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import type { App } from "../../src/http/build-app.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { teamsUserApp } from "../support/microsoft-world.ts";
import { password, seedOperator } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Microsoft Teams in what operators and org admins watch, as Zoom is: Graph's calls in /metrics,
 * Teams connections, Outlook's pacing and Teams failures on the operations dashboard, a Teams
 * connection Microsoft stops honouring in the audit log and in its owner's mail.
 */
const world = await startConferencingWorld({}, { microsoft: true });
const { zoom, confab, db, api, calendarFor, linkZoom, linkTeams, applicationAdmin } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const app = confab.app as App;
const mail = await useMailCatcher();

const zoomCalendar = await calendarFor("zoom-coach");
await linkZoom(zoomCalendar.sub, zoom.users.member);
const teamsCalendar = await calendarFor("teams-coach");
const host = await microsoft.addWorkUser("coach@acme.example", { display_name: "Coach" });
const teamsProfile = await linkTeams(teamsCalendar.sub, host);

const { browser: admin } = await applicationAdmin(
  world.application,
  "ops-admin@scheduling.example",
);
await seedOperator(db);
const operator = webClient(app);
await operator.signIn("operator@confab.example", password);
const dashboard = "/o/scheduling-1/manage/operations";

const start = new Date(Date.now() + 3 * 24 * 3600_000);
function upsert(calendar: { calendarId: string; token: string }, eventId: string, summary: string) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
}

async function stateOf(eventId: string) {
  const row = await db
    .selectFrom("events")
    .select(["id", "conferencing_state"])
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row;
}

async function scrape(): Promise<string> {
  const response = await fetch(`${confab.url}/metrics`);
  assert.equal(response.status, 200);
  return response.text();
}

/** The value of one series, found by its exact name and labels. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const decode = (text: string) =>
  text
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();

test("a Teams meeting's Graph calls are counted by Graph path pattern beside Zoom's, which keep their names, with no id or email in a label", async () => {
  assert.equal((await upsert(zoomCalendar, "zoom-made", "Zoom session")).status, 202);
  assert.equal((await upsert(teamsCalendar, "teams-made", "Teams session")).status, 202);
  await eventually(async () => (await stateOf("zoom-made"))?.conferencing_state === "assigned");
  await eventually(async () => (await stateOf("teams-made"))?.conferencing_state === "assigned");
  const text = await scrape();
  assert.ok(
    (sample(
      text,
      'confab_microsoft_graph_calls_total{method="POST",endpoint="/me/events",status="201"}',
    ) ?? 0) >= 1,
    "the event created in the host's calendar",
  );
  assert.ok(
    (sample(text, 'confab_microsoft_graph_calls_total{method="GET",endpoint="/me",status="200"}') ??
      0) >= 1,
    "who signed in, when the profile was connected",
  );
  assert.match(
    text,
    /confab_microsoft_graph_call_duration_seconds_count\{method="POST",endpoint="\/me\/events"\} \d+/,
  );
  assert.match(text, /# HELP confab_microsoft_graph_calls_total Calls to Microsoft Graph/);
  assert.ok(
    (sample(
      text,
      'confab_zoom_calls_total{method="POST",endpoint="/users/{userId}/meetings",status="201"}',
    ) ?? 0) >= 1,
    "Zoom's calls are counted under the names they always had",
  );
  assert.doesNotMatch(text, /confab_zoom_calls_total\{[^}]*endpoint="\/me\/events"/);
  const [event] = await microsoft.control<{ event: { id: string } }[]>(
    "GET",
    `/graph/events?mailbox=${encodeURIComponent(host)}`,
  );
  assert.ok(event?.event.id);
  assert.ok(!text.includes(event.event.id), "no event id in the metrics");
  assert.doesNotMatch(text, /coach@acme/);
});

test("the dashboard lists each connection with its provider, and the Teams mailbox's use of Outlook's limit beside Zoom's daily budget", async () => {
  await eventually(async () => (await stateOf("teams-made"))?.conferencing_state === "assigned");
  const page = await admin.get(dashboard);
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /Provider connections/);
  assert.match(page.body, /Microsoft Teams · Personal profile · last refresh/);
  assert.match(page.body, /Zoom · Personal profile · last refresh/);
  assert.match(page.body, /Zoom: daily meeting budget/);
  assert.match(page.body, /aria-label="member@acme\.example: \d+ of 100 used today"/);
  assert.match(decode(page.body), /Microsoft Teams: Outlook's limit per mailbox/);
  const outlook =
    /aria-label="coach@acme\.example: (\d+) of 10000 used in the last 10 minutes"/.exec(page.body);
  assert.ok(outlook, "the Teams host's mailbox has a bar of Outlook's limit");
  assert.ok(Number(outlook[1]) >= 1, "the create counted against it");
  assert.doesNotMatch(
    page.body,
    /coach@acme\.example: \d+ of 100 used today/,
    "a Teams mailbox is not put under Zoom's daily budget",
  );
});

test("a Teams event Microsoft refuses fails on the dashboard under Microsoft Teams, counted by provider", async () => {
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: "/v1.0/me/events" },
    status: 400,
    code: "ErrorInvalidRequest",
    message: "The request is invalid.",
    times: 1,
  });
  assert.equal((await upsert(teamsCalendar, "teams-refused", "Refused by Outlook")).status, 202);
  const event = await eventually(async () => {
    const found = await stateOf("teams-refused");
    return found?.conferencing_state === "failing" ? found : undefined;
  });
  const page = await admin.get(dashboard);
  const row = new RegExp(`<tr data-event="${event.id}">[\\s\\S]*?</tr>`).exec(page.body)?.[0] ?? "";
  assert.match(row, /Refused by Outlook/);
  assert.match(row, /<td data-provider>Microsoft Teams<\/td>/);
  assert.match(row, /Microsoft refused the request/);
  assert.match(row, /\/retry"/, "Retry is offered: another try may go through");
  assert.match(page.body, /data-failing-by-provider>By provider: Microsoft Teams: 1</);

  const across = await operator.get("/operator/operations");
  assert.match(across.body, new RegExp(`<tr data-event="${event.id}">[\\s\\S]*?Microsoft Teams`));
  const retried = await admin.post(`${dashboard}/events/${event.id}/retry`);
  assert.equal(retried.status, 303);
  await eventually(async () => (await stateOf("teams-refused"))?.conferencing_state === "assigned");
  const after = await admin.get(`${dashboard}?retried=1`);
  assert.match(after.body, /once its provider makes the meeting/);
});

/** What My Apps → Remove does at Microsoft for `email`'s consent to confab's user app. */
async function removeUnderMyApps(email: string) {
  const users = await microsoft.control<{ id: string; user_principal_name: string }[]>(
    "GET",
    "/users",
  );
  const user = users.find((u) => u.user_principal_name === email);
  assert.ok(user, `the sandbox knows ${email}`);
  await microsoft.control("DELETE", `/users/${user.id}/consents/${teamsUserApp.clientId}`);
}

/** Makes confab refresh the connection's token next time it is used, as an hour later would. */
async function expireAccessToken(connectionId: string) {
  await db
    .updateTable("provider_connections")
    .set({ access_token_expires_at: new Date(Date.now() - 1000) })
    .where("id", "=", connectionId)
    .execute();
}

test("a Teams profile removed under My Apps shows broken on the dashboard, and the audit log of the organization holding it names Microsoft", async () => {
  await removeUnderMyApps(host);
  await expireAccessToken(teamsProfile);
  await upsert(teamsCalendar, "after-removal", "After removal");
  await eventually(async () => {
    const row = await db
      .selectFrom("provider_connections")
      .select("status")
      .where("id", "=", teamsProfile)
      .executeTakeFirstOrThrow();
    return row.status === "broken";
  });
  const page = await admin.get(dashboard);
  const item =
    /<li class="connection-health">(?:(?!<\/li>)[\s\S])*coach@acme\.example[\s\S]*?<\/li>/.exec(
      page.body,
    )?.[0];
  assert.ok(item, page.body);
  assert.match(item, /badge-broken">Broken/);
  assert.match(item, /Microsoft Teams · Personal profile/);
  assert.match(decode(item), /Microsoft no longer accepts this connection/);

  const log = await admin.get("/o/scheduling-1/manage/audit-log");
  assert.equal(log.status, 200);
  assert.match(
    decode(log.body),
    /confab disconnected a personal profile, as the provider refused it: coach@acme\.example: Microsoft no longer accepts this connection .*reconnect Microsoft Teams\./,
  );
});

test("a person whose own Teams profile Microsoft stops honouring is mailed once, naming Microsoft Teams and how to reconnect or consent again", async () => {
  const leo = await createUser(db, { email: "leo@example.com", password, name: "Leo" });
  const own = await microsoft.addWorkUser("leo@acme.example");
  const profile = await linkTeams(leo.id, own);
  await removeUnderMyApps(own);
  await expireAccessToken(profile);
  // Whatever uses the connection next finds out; here, looking the person up at Microsoft.
  const provider = createProviders(confab.config, db).get("ms_teams");
  assert.ok(provider);
  await withAccessToken({ db, vault: world.vault, provider }, profile, (access) =>
    provider.findUser(access, own),
  ).catch(() => undefined);
  const alert = await eventually(
    async () =>
      mail
        .messagesTo(leo.email)
        .find((m) => m.subject === "Your Microsoft Teams connection stopped working"),
    15_000,
    "the profile's alert",
  );
  assert.match(alert.text ?? "", /your Microsoft Teams account leo@acme\.example/);
  assert.match(alert.text ?? "", /sign in to Microsoft as leo@acme\.example/);
  assert.match(
    alert.text ?? "",
    /under My Apps \(myapps\.microsoft\.com\), Microsoft asks you to consent again/,
  );
  assert.match(alert.text ?? "", /\/account\/conferencing/);
  assert.doesNotMatch(alert.text ?? "", /Zoom/);
  await withAccessToken({ db, vault: world.vault, provider }, profile, (access) =>
    provider.findUser(access, own),
  ).catch(() => undefined);
  const sent = () =>
    mail
      .messagesTo(leo.email)
      .filter((m) => m.subject === "Your Microsoft Teams connection stopped working");
  await untilNoJobsLeft(db, { tasks: ["alerts:send", "mail:send"] }, "the alerts");
  assert.equal(sent().length, 1, "a second use of the broken profile mails nobody again");
});
