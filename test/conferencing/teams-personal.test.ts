import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { resolveConferencingProfile } from "../../src/conferencing/conferencing-profiles.ts";
import type { App } from "../../src/http/build-app.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { consentAtMicrosoft } from "../support/microsoft-world.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";
import { consentAtZoom } from "../support/zoom-consent.ts";

/**
 * Personal Microsoft Teams, end to end: a person connects their own work account with a Teams
 * licence from their account page or an application's hosted link, through Microsoft's sign-in
 * and consent pages (the Microsoft sandbox); what Microsoft cannot host on is refused on confab's
 * page with the reason; and an application's events get Teams meetings that follow them.
 */
const world = await startConferencingWorld({}, { microsoft: true });
const { zoom, confab, db, api, calendarFor, linkZoom, linkTeams } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const app = confab.app as App;
const redirectUri = "http://127.0.0.1:9/connected";

type Person = ReturnType<typeof webClient>;

let people = 0;
/** A confab account, signed in, on its own browser. */
async function signedIn(): Promise<{ person: Person; id: string }> {
  people += 1;
  const email = `teams-person-${people}@example.com`;
  const user = await createUser(db, { email, password, name: `Person ${people}` });
  const person = webClient(app);
  await person.signIn(email, password);
  return { person, id: user.id };
}

/** Where a page's Connect button for `provider` posts (the page header has forms of its own). */
function connectAction(body: string, provider: string): string {
  const action = new RegExp(`<form method="post" action="([^"]*/${provider}(?:\\?[^"]*)?)"`).exec(
    body,
  )?.[1];
  assert.ok(action, `the page has a Connect button for ${provider}`);
  return action.replaceAll("&amp;", "&");
}

/**
 * Your account → Conferencing services → Add conferencing service → Connect Microsoft Teams, then
 * Microsoft's page as `email`, Accept; answers where confab sends the browser once back.
 */
async function connectTeamsOnAccountPage(person: Person, email: string) {
  const page = await person.get("/account/conferencing/add");
  assert.equal(page.status, 200, page.body);
  const started = await person.post(connectAction(page.body, "ms_teams"));
  assert.equal(started.status, 303, started.body);
  const toMicrosoft = new URL(started.location ?? "");
  assert.equal(toMicrosoft.origin, new URL(microsoft.url).origin, "the browser goes to Microsoft");
  const back = await consentAtMicrosoft(toMicrosoft, email, "Accept");
  assert.equal(back.pathname, "/oauth/ms_teams/callback");
  const returned = await person.get(`${back.pathname}${back.search}`);
  assert.equal(returned.status, 303, returned.body);
  return new URL(returned.location ?? "", confab.url);
}

async function userinfo(token: string) {
  const reply = await api("GET", "/v1/userinfo", { token });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const cronofy = reply.body["cronofy.data"] as {
    conferencing_profiles: { provider_name: string; profile_id: string; profile_name: string }[];
  };
  return cronofy.conferencing_profiles;
}

test("Add conferencing service offers Microsoft Teams with what it needs, and a member connects a licensed work account that then shows as Microsoft Teams", async () => {
  const { person, id } = await signedIn();
  const page = await person.get("/account/conferencing/add");
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /<h2 class="card-title">Microsoft Teams<\/h2>/);
  assert.match(page.body, /Connect Microsoft Teams/);
  assert.match(page.body, /needs a work or school account with a Teams licence/);
  assert.match(page.body, /Zoom requires a paid plan/, "each provider says its own requirement");

  const landed = await connectTeamsOnAccountPage(person, microsoft.users.member);
  assert.equal(landed.pathname, "/account/conferencing");
  assert.equal(landed.searchParams.get("connection_result"), "connected", landed.href);

  const list = await person.get(`${landed.pathname}${landed.search}`);
  assert.equal(list.status, 200, list.body);
  assert.match(list.body, /The conferencing service is connected\./);
  assert.match(list.body, /<h2 class="card-title">Microsoft Teams/);
  assert.ok(list.body.includes(microsoft.users.member), "the profile names the Microsoft account");
  const profile = await resolveConferencingProfile(
    db,
    id,
    landed.searchParams.get("connection_id") ?? "",
  );
  assert.equal(profile?.providerName, "ms_teams");
  assert.equal(profile?.status, "connected");
});

test("an application's hosted link with provider_name=ms_teams offers Teams alone and links a Teams profile", async () => {
  const calendar = await calendarFor("teams-hosted-link");
  const asked = await api("POST", "/v1/conferencing_service_authorizations", {
    token: calendar.token,
    body: { redirect_uri: redirectUri, provider_name: "ms_teams" },
  });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  const link = new URL((asked.body.authorization_request as { url: string }).url);
  const person = webClient(app);
  const page = await person.get(`${link.pathname}${link.search}`);
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /Connect Microsoft Teams/);
  assert.doesNotMatch(page.body, /Connect Zoom/, "the link names its provider");
  assert.match(page.body, /needs a work or school account with a Teams licence/);

  const started = await person.post(connectAction(page.body, "ms_teams"));
  assert.equal(started.status, 303, started.body);
  const back = await consentAtMicrosoft(new URL(started.location ?? ""), microsoft.users.other);
  const returned = await person.get(`${back.pathname}${back.search}`);
  assert.equal(returned.status, 303, returned.body);
  const finished = await person.get(returned.location ?? "");
  assert.equal(finished.status, 303, finished.body);
  const landed = new URL(finished.location ?? "");
  assert.equal(`${landed.origin}${landed.pathname}`, redirectUri);
  const profileId = landed.searchParams.get("last_linked_profile_id");
  assert.match(profileId ?? "", /^pro_/, landed.href);

  assert.deepEqual(
    (await userinfo(calendar.token)).map((p) => [p.provider_name, p.profile_id, p.profile_name]),
    [["ms_teams", profileId, microsoft.users.other]],
  );
});

test("a personal outlook.com account is refused on confab's page with the reason, and nothing is connected", async () => {
  const { person, id } = await signedIn();
  const landed = await connectTeamsOnAccountPage(person, microsoft.users.personal);
  assert.equal(landed.searchParams.get("connection_result"), "refused", landed.href);
  const page = await person.get(`${landed.pathname}${landed.search}`);
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /personal Microsoft account/);
  assert.match(page.body, /work or school account/, "the reason says what to connect instead");
  const kept = await db
    .selectFrom("provider_connections")
    .select("id")
    .where("owner_ref", "=", id)
    .execute();
  assert.deepEqual(kept, []);
});

test("a work account without a Teams licence is refused with the reason, and nothing is connected", async () => {
  const { person, id } = await signedIn();
  const landed = await connectTeamsOnAccountPage(person, microsoft.users.unlicensed);
  assert.equal(landed.searchParams.get("connection_result"), "refused", landed.href);
  const page = await person.get(`${landed.pathname}${landed.search}`);
  assert.match(page.body, /Teams licence/);
  const kept = await db
    .selectFrom("provider_connections")
    .select("id")
    .where("owner_ref", "=", id)
    .execute();
  assert.deepEqual(kept, []);
});

// One instant for the events below, as in the Zoom provisioning tests.
const now = Date.now();
const inAWeek = (minutes = 0) => new Date(now + 7 * 24 * 3600_000 + minutes * 60_000);
const utc = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

async function readEvent(calendar: { token: string }, eventId: string) {
  const reply = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
    token: calendar.token,
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body.events as Record<string, unknown>[]).find((e) => e.event_id === eventId);
}

const assigned = (calendar: { token: string }, eventId: string) =>
  eventually(
    async () => {
      const conferencing = (await readEvent(calendar, eventId))?.conferencing as
        | Record<string, unknown>
        | undefined;
      return conferencing?.join_url ? conferencing : undefined;
    },
    15_000,
    `a join link on ${eventId}`,
  );

/** Graph's calendar-event calls, as the sandbox logged them. */
const eventCalls = async () =>
  (await microsoft.calls()).filter((call) => /^\/v1\.0\/.+\/events(\/[^/]+)?$/.test(call.path));

test("an event made through the API with a Teams profile gets a Teams join link: one create, one update when it moves, one delete when it is deleted", async () => {
  const calendar = await calendarFor("teams-events");
  const host = await microsoft.addWorkUser("host@acme.example");
  const profileId = await linkTeams(calendar.sub, host);
  const event = (minutes: number) => ({
    event_id: "teams-session",
    summary: "Mentoring session",
    description: "Goals for the quarter",
    start: utc(inAWeek(minutes)),
    end: utc(inAWeek(minutes + 45)),
    tzid: "Europe/London",
    conferencing: { profile_id: profileId },
  });
  const upsert = (body: Record<string, unknown>) =>
    api("POST", `/v1/calendars/${calendar.calendarId}/events`, { token: calendar.token, body });

  await microsoft.control("DELETE", "/calls");
  assert.equal((await upsert(event(0))).status, 202);
  const conferencing = await assigned(calendar, "teams-session");
  assert.equal(conferencing.provider_name, "ms_teams");
  assert.ok(
    String(conferencing.join_url).startsWith(`${microsoft.url}/teams/l/meetup-join/`),
    `a Teams join link: ${conferencing.join_url}`,
  );
  const created = await eventCalls();
  assert.deepEqual(
    created.map((c) => [c.method, c.status]),
    [["POST", 201]],
    "one event created in the host's calendar",
  );
  const [held] = await microsoft.control<{ event: { isOnlineMeeting: boolean } }[]>(
    "GET",
    `/graph/events?mailbox=${encodeURIComponent(host)}`,
  );
  assert.equal(held?.event.isOnlineMeeting, true, "the Outlook event holds a Teams meeting");

  await microsoft.control("DELETE", "/calls");
  assert.equal((await upsert(event(60))).status, 202);
  const moved = await eventually(
    async () => (await eventCalls()).find((c) => c.method === "PATCH" && c.status !== null),
    15_000,
    "the Teams meeting's update",
  );
  assert.equal(moved.status, 200);
  assert.deepEqual(
    (await eventCalls()).map((c) => c.method),
    ["PATCH"],
    "one update, no second create",
  );
  assert.equal((await assigned(calendar, "teams-session")).join_url, conferencing.join_url);

  await microsoft.control("DELETE", "/calls");
  const deleted = await api("DELETE", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: { event_id: "teams-session" },
  });
  assert.equal(deleted.status, 202);
  await eventually(
    async () => (await eventCalls()).find((c) => c.method === "DELETE" && c.status !== null),
    15_000,
    "the Teams meeting's deletion",
  );
  assert.deepEqual(
    (await eventCalls()).map((c) => [c.method, c.status]),
    [["DELETE", 204]],
  );
});

test("with a Zoom and a Teams profile, default is the first connected, and naming the other uses it", async () => {
  const calendar = await calendarFor("zoom-and-teams");
  const zoomProfile = await linkZoom(calendar.sub, zoom.users.other);
  const teamsProfile = await linkTeams(calendar.sub, microsoft.users.admin);
  assert.deepEqual(
    (await userinfo(calendar.token)).map((p) => [p.provider_name, p.profile_id]),
    [
      ["zoom", zoomProfile],
      ["ms_teams", teamsProfile],
    ],
  );
  const upsert = (eventId: string, profileId: string) =>
    api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
      token: calendar.token,
      body: {
        event_id: eventId,
        summary: "Two providers",
        start: utc(inAWeek(120)),
        end: utc(inAWeek(150)),
        tzid: "Etc/UTC",
        conferencing: { profile_id: profileId },
      },
    });
  assert.equal((await upsert("by-default", "default")).status, 202);
  assert.equal((await upsert("named-teams", teamsProfile)).status, 202);
  assert.equal((await assigned(calendar, "by-default")).provider_name, "zoom");
  assert.equal((await assigned(calendar, "named-teams")).provider_name, "ms_teams");
});

test("a person with Zoom and Teams makes Teams their default on the page, and default then means Teams", async () => {
  const { person, id } = await signedIn();
  const page = await person.get("/account/conferencing/add");
  const started = await person.post(connectAction(page.body, "zoom"));
  const back = await consentAtZoom(new URL(started.location ?? ""), zoom.users.member, "Allow");
  const returned = await person.get(`${back.pathname}${back.search}`);
  assert.equal(
    new URL(returned.location ?? "", confab.url).searchParams.get("connection_result"),
    "connected",
  );
  const landed = await connectTeamsOnAccountPage(
    person,
    await microsoft.addWorkUser("both@acme.example"),
  );
  const teamsProfile = landed.searchParams.get("connection_id") ?? "";
  assert.equal(landed.searchParams.get("connection_result"), "connected", landed.href);
  assert.equal((await resolveConferencingProfile(db, id, "default"))?.providerName, "zoom");

  const list = await person.get("/account/conferencing");
  assert.match(
    list.body,
    new RegExp(
      `data-profile="${teamsProfile}">\\s*<h2 class="card-title">Microsoft Teams\\s*</h2>`,
    ),
    "Teams is listed without the Default badge",
  );
  const made = await person.post(`/account/conferencing/${teamsProfile}/default`);
  assert.match(made.body, /Your default conferencing service is changed\./);
  assert.match(
    made.body,
    new RegExp(
      `data-profile="${teamsProfile}">\\s*<h2 class="card-title">Microsoft Teams\\s*<span class="badge badge-on">Default</span>`,
    ),
  );
  assert.equal((await resolveConferencingProfile(db, id, "default"))?.id, teamsProfile);
});
