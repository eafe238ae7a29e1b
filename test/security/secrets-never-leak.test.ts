import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { sql } from "kysely";
import { createLogger } from "../../src/logging/create-logger.ts";
import { commandLineActor } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { createVault } from "../../src/vault/vault.ts";
import { eventually } from "../support/conferencing-world.ts";
import { consentAtMicrosoft, startMicrosoftWorld } from "../support/microsoft-world.ts";
import {
  heldMicrosoftTokens,
  heldZoomTokens,
  microsoftSecrets,
  recordIssuedTokens,
} from "../support/secrets-in-text.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { freePort, startTestApp } from "../support/test-app.ts";
import {
  consentAtZoom,
  orgApp,
  startZoomWorld,
  userApp,
  webhookSecret,
} from "../support/zoom-world.ts";

/**
 * One run through everything that touches a secret: an application registered and its secret
 * rotated, API tokens issued, Zoom connected three ways (hosted link, account page,
 * organization install), a meeting provisioned, a Zoom token refreshed, and every connection
 * removed again (through the API, Zoom's own webhook and the Integrations page). Afterwards no
 * secret is found in plaintext in the database, in any log line of the app (web and worker), or
 * in any reply, except the one reply that hands it out.
 */
const logLines: string[] = [];
const logger = createLogger(
  "trace",
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
const port = await freePort();
const zoom = await startZoomWorld(`http://127.0.0.1:${port}`);
const microsoft = await startMicrosoftWorld(`http://127.0.0.1:${port}`);
// Every token Microsoft hands confab, ID tokens and rotated refresh tokens included.
const microsoftIssued = recordIssuedTokens(/\/oauth2\/v2\.0\/token$/);
const confab = await startTestApp(
  { web: true, worker: true },
  { port, env: { ...zoom.env, ...microsoft.env }, logger },
);
const db = confab.database.db;
const vault = createVault(confab.config.secretKey as string);
for (const app of [userApp, orgApp]) {
  await zoom.control("PATCH", `/apps/${app.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
}
const acme = await seedTenant(db, "Acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});

interface Reply {
  label: string;
  status: number;
  headers: string;
  body: string;
}
/** Every reply confab gave during the run, headers and body. */
const replies: Reply[] = [];

function browser() {
  const jar = new Map<string, string>();
  let csrf = "";
  async function go(method: "GET" | "POST", url: string | URL, form?: Record<string, string>) {
    const response = await fetch(new URL(url, confab.url), {
      method,
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: form ? new URLSearchParams(form) : null,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ""] = cookie.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      const value = pair.slice(pair.indexOf("=") + 1);
      if (value === "" || /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
    const body = await response.text();
    const label = `${method} ${new URL(url, confab.url).pathname}`;
    replies.push({
      label,
      status: response.status,
      headers: JSON.stringify([...response.headers]),
      body,
    });
    csrf = /name="_csrf" value="([^"]+)"/.exec(body)?.[1] ?? csrf;
    return { status: response.status, body, location: response.headers.get("location") ?? "" };
  }
  return {
    jar,
    get: (url: string | URL) => go("GET", url),
    post: (url: string, fields: Record<string, string> = {}) =>
      go("POST", url, { _csrf: csrf, ...fields }),
    async signIn(email: string) {
      await go("GET", "/sign-in");
      const reply = await go("POST", "/sign-in", { _csrf: csrf, email, password });
      assert.equal(reply.status, 303, `${email} signs in`);
    },
    /** From a redirect to Zoom, through consent, back to confab's callback and on. */
    async connectAtZoom(toZoom: string, email: string) {
      assert.ok(toZoom.startsWith(zoom.url), `sent to Zoom: ${toZoom}`);
      const callback = await consentAtZoom(new URL(toZoom), email, "Allow");
      zoomCodes.add(callback.searchParams.get("code") as string);
      return go("GET", callback);
    },
    /** From a redirect to Microsoft, through sign-in and consent, back to confab's callback. */
    async connectAtMicrosoft(toMicrosoft: string, email: string) {
      assert.ok(toMicrosoft.startsWith(microsoft.url), `sent to Microsoft: ${toMicrosoft}`);
      const callback = await consentAtMicrosoft(new URL(toMicrosoft), email, "Accept");
      microsoftCodes.add(callback.searchParams.get("code") as string);
      return go("GET", callback);
    },
  };
}

/** A value deep inside a JSON reply, or undefined. */
function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v as Record<string | number, unknown> | undefined)?.[key],
    value,
  );
}

async function api(method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(new URL(path, confab.url), {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  replies.push({
    label: `${method} ${path.split("?")[0]}`,
    status: response.status,
    headers: JSON.stringify([...response.headers]),
    body: text,
  });
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as unknown };
}

const zoomTokens = new Set<string>();
const zoomCodes = new Set<string>();
async function collectZoomTokens() {
  for (const token of await heldZoomTokens(db, vault)) zoomTokens.add(token);
  for (const token of await heldMicrosoftTokens(db, vault)) microsoftTokens.add(token);
}
const microsoftTokens = new Set<string>();
const microsoftCodes = new Set<string>();

// The organization admin registers an application, and rotates its secret.
const admin = browser();
await admin.signIn(acme.users.orgAdmin.email);
const registered = await admin.post("/o/acme/manage/applications", {
  name: "Acme scheduler",
  redirect_uris: "https://scheduler.example/connected",
});
assert.equal(registered.status, 303);
// The secret waits for the application's page, shown on its first opening.
const registeredPage = await admin.get(registered.location);
const firstSecret = /data-client-secret>([^<]+)</.exec(registeredPage.body)?.[1] as string;
const clientId = /data-client-id>([^<]+)</.exec(registeredPage.body)?.[1] as string;
const appId = (await db.selectFrom("applications").select("id").executeTakeFirstOrThrow()).id;
const rotated = await admin.post(`/o/acme/manage/applications/${appId}/rotate-secret`);
assert.equal(rotated.status, 303);
const rotatedPage = await admin.get(rotated.location);
const clientSecret = /data-client-secret>([^<]+)</.exec(rotatedPage.body)?.[1] as string;
assert.ok(firstSecret && clientSecret && firstSecret !== clientSecret);

// The application gets a calendar and tokens, and a hosted link its user connects Zoom with.
const issued = await api("POST", "/v1/application_calendars", undefined, {
  client_id: clientId,
  client_secret: clientSecret,
  application_calendar_id: "ada",
});
assert.equal(issued.status, 200);
const accessToken = at(issued.body, "access_token") as string;
const refreshToken = at(issued.body, "refresh_token") as string;
const refreshed = await api("POST", "/oauth/token", undefined, {
  client_id: clientId,
  client_secret: clientSecret,
  grant_type: "refresh_token",
  refresh_token: refreshToken,
});
const secondAccessToken = at(refreshed.body, "access_token") as string;
const link = await api("POST", "/v1/conferencing_service_authorizations", secondAccessToken, {
  redirect_uri: "https://scheduler.example/connected",
});
const linkUrl = new URL(at(link.body, "authorization_request", "url") as string);
const linkToken = linkUrl.searchParams.get("token") as string;
const visitor = browser();
await visitor.get(`${linkUrl.pathname}${linkUrl.search}`);
const toZoom = await visitor.post(`/conferencing/link/zoom${linkUrl.search}`);
const back = await visitor.connectAtZoom(toZoom.location, zoom.users.member);
const landed = await visitor.get(back.location);
const profileId = new URL(landed.location).searchParams.get("last_linked_profile_id") as string;
assert.match(profileId, /^pro_/);
await collectZoomTokens();

// An event gets its meeting; the Zoom token expires and is refreshed for the next change.
const event = (summary: string) => ({
  event_id: "kickoff",
  summary,
  start: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  end: new Date(Date.now() + 3 * 86_400_000 + 1_800_000).toISOString(),
  conferencing: { profile_id: profileId },
});
const calendarId = at(
  (await api("GET", "/v1/calendars", secondAccessToken)).body,
  "calendars",
  0,
  "calendar_id",
) as string;
assert.equal(
  (await api("POST", `/v1/calendars/${calendarId}/events`, secondAccessToken, event("Kickoff")))
    .status,
  202,
);
await eventually(
  async () =>
    at(
      (await api("GET", "/v1/events?include_managed=true", secondAccessToken)).body,
      "events",
      0,
      "conferencing",
      "join_url",
    ),
  15_000,
  "the meeting",
);
await sql`update provider_connections set access_token_expires_at = now() - interval '1 second'`.execute(
  db,
);
await api("POST", `/v1/calendars/${calendarId}/events`, secondAccessToken, event("Kickoff, moved"));
await eventually(
  async () =>
    (
      await db
        .selectFrom("provider_connections")
        .select("refresh_count")
        .where("id", "=", profileId)
        .executeTakeFirst()
    )?.refresh_count,
  15_000,
  "the token refresh",
);
await collectZoomTokens();

// The application's user connects Microsoft Teams through a hosted link of its own; an event
// gets its Teams meeting; Microsoft's token expires and is refreshed (and rotated) for a change.
const teamsLink = await api("POST", "/v1/conferencing_service_authorizations", secondAccessToken, {
  redirect_uri: "https://scheduler.example/connected",
  provider_name: "ms_teams",
});
const teamsLinkUrl = new URL(at(teamsLink.body, "authorization_request", "url") as string);
const teamsLinkToken = teamsLinkUrl.searchParams.get("token") as string;
await visitor.get(`${teamsLinkUrl.pathname}${teamsLinkUrl.search}`);
const toMicrosoft = await visitor.post(`/conferencing/link/ms_teams${teamsLinkUrl.search}`);
const teamsBack = await visitor.connectAtMicrosoft(toMicrosoft.location, microsoft.users.member);
const teamsLanded = await visitor.get(teamsBack.location);
const teamsProfileId = new URL(teamsLanded.location).searchParams.get(
  "last_linked_profile_id",
) as string;
assert.match(teamsProfileId, /^pro_/);
await collectZoomTokens();
const teamsEvent = (summary: string) => ({
  ...event(summary),
  event_id: "teams-kickoff",
  conferencing: { profile_id: teamsProfileId },
});
await api("POST", `/v1/calendars/${calendarId}/events`, secondAccessToken, teamsEvent("Teams"));
await eventually(
  async () =>
    (
      await db
        .selectFrom("meetings")
        .select("join_url")
        .where("provider", "=", "ms_teams")
        .executeTakeFirst()
    )?.join_url,
  15_000,
  "the Teams meeting",
);
await api("GET", "/v1/events?include_managed=true", secondAccessToken);
await microsoft.control("POST", "/clock", { advance_seconds: 3700 });
await sql`update provider_connections set access_token_expires_at = now() - interval '1 second'
  where provider = 'ms_teams'`.execute(db);
await api(
  "POST",
  `/v1/calendars/${calendarId}/events`,
  secondAccessToken,
  teamsEvent("Teams, moved"),
);
await eventually(
  async () =>
    (
      await db
        .selectFrom("provider_connections")
        .select("refresh_count")
        .where("id", "=", teamsProfileId)
        .executeTakeFirst()
    )?.refresh_count,
  15_000,
  "the Microsoft token refresh",
);
await collectZoomTokens();

// A member connects Zoom from their account; the admin installs Zoom for the organization.
const mentor = browser();
await mentor.signIn(acme.users.mentor.email);
await mentor.get("/account/conferencing/add");
const mentorToZoom = await mentor.post("/account/conferencing/add/zoom");
const mentorBack = await mentor.connectAtZoom(mentorToZoom.location, zoom.users.other);
await mentor.get(mentorBack.location);
// The same member connects Microsoft Teams from their account too.
await mentor.get("/account/conferencing/add");
const mentorToMicrosoft = await mentor.post("/account/conferencing/add/ms_teams");
const mentorTeamsBack = await mentor.connectAtMicrosoft(
  mentorToMicrosoft.location,
  microsoft.users.other,
);
await mentor.get(mentorTeamsBack.location);
await admin.get("/o/acme/manage/integrations/zoom/install");
const installToZoom = await admin.post("/o/acme/manage/integrations/zoom/install");
const installBack = await admin.connectAtZoom(installToZoom.location, zoom.users.owner);
const installed = await admin.get(installBack.location);
const connectionId = /name="connection_id" value="([^"]+)"/.exec(installed.body)?.[1] as string;
assert.equal(
  (await admin.post("/o/acme/manage/integrations/zoom/done", { connection_id: connectionId }))
    .status,
  200,
);
await collectZoomTokens();

// In the organization's Zoom account, the mentor makes a meeting in Leaders and starts it as host.
const leaders = `/o/acme/programs/${acme.programs.p1.id}`;
await admin.post(`/o/acme/manage/integrations/zoom/programs/${acme.programs.p1.id}`, {
  enabled: "true",
});
await admin.post(`${leaders}/settings/meeting-modes/zoom`, { enabled: "true" });
await zoom.control("POST", "/users", {
  email: acme.users.mentor.email,
  account_id: zoom.accounts.paid,
  type: 2,
  role: "member",
});
await mentor.get(`${leaders}/meetings/new`);
const meetingMade = await mentor.post(`${leaders}/meetings`, {
  title: "Leaders sync",
  date: new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10),
  time: "15:00",
  duration: "30",
  timeZone: "Etc/UTC",
  invitees: acme.users.programAdmin.id,
  mode: "zoom",
  step: "save",
});
assert.equal(meetingMade.status, 303, "the program meeting is saved");
await eventually(
  async () => (await mentor.get(meetingMade.location)).body.includes("data-join-url"),
  15_000,
  "the program meeting's link",
);
const started = await mentor.get(`${meetingMade.location.split("?")[0]}/start`);
assert.ok(started.location.startsWith(zoom.url), "the host is sent to Zoom's start link");
await collectZoomTokens();
for (const page of [
  "/account",
  "/account/conferencing",
  "/o/acme",
  "/o/acme/manage/integrations",
  `/o/acme/manage/applications/${appId}`,
  "/o/acme/manage/audit-log",
  `/o/acme/programs/${acme.programs.p1.id}/settings/permissions`,
]) {
  await admin.get(page);
  await mentor.get(page);
}
await api("GET", "/v1/userinfo", secondAccessToken);

// The Teams connections as stored while they work, to be read for plaintext below.
const { rows: teamsRowsConnected } = await sql<{ row: string }>`
  select to_jsonb(c)::text as row from provider_connections c where provider = 'ms_teams'`.execute(
  db,
);
const teamsCiphertexts = await db
  .selectFrom("provider_connections")
  .select(["access_token", "refresh_token"])
  .where("provider", "=", "ms_teams")
  .execute();

// Every connection goes: through the API, from Zoom's side, and from the Integrations page;
// Microsoft Teams through the API and from the member's page.
assert.equal(
  (await api("POST", `/v1/profiles/${profileId}/revoke`, secondAccessToken)).status,
  202,
);
assert.equal(
  (await api("POST", `/v1/profiles/${teamsProfileId}/revoke`, secondAccessToken)).status,
  202,
);
const mentorTeams = await db
  .selectFrom("provider_connections")
  .select("id")
  .where("provider", "=", "ms_teams")
  .where("status", "=", "connected")
  .executeTakeFirstOrThrow();
await mentor.get(`/account/conferencing/${mentorTeams.id}/remove`);
assert.equal(
  (await mentor.post(`/account/conferencing/${mentorTeams.id}/remove`)).status,
  303,
  "Teams removed from the member's page",
);
await mentor.get("/account/conferencing");
await zoom.control("POST", "/deauthorize", {
  client_id: userApp.clientId,
  user_email: zoom.users.other,
});
await admin.get("/o/acme/manage/integrations/zoom/remove");
const removed = await admin.post("/o/acme/manage/integrations/zoom/remove");
assert.ok(removed.status < 400, `Zoom removed: ${removed.status}`);
await admin.get("/o/acme/manage/integrations");
await api("GET", "/v1/userinfo", secondAccessToken);
await eventually(
  async () =>
    (
      await db
        .selectFrom("provider_connections")
        .select("id")
        .where("access_token", "is not", null)
        .execute()
    ).length === 0,
  15_000,
  "every connection to be removed",
);

const sessionIds = [admin.jar.get("confab_session"), mentor.jar.get("confab_session")];
/** Secrets of Zoom's and of the instance: never anywhere, in no form. */
const neverShown: Record<string, string> = {
  "the Zoom user app's client secret": userApp.clientSecret,
  "the Zoom org app's client secret": orgApp.clientSecret,
  "Zoom's webhook secret": webhookSecret,
  "the instance's secret key": confab.config.secretKey as string,
  ...Object.fromEntries([...zoomTokens].map((t, i) => [`Zoom token ${i + 1}`, t])),
  ...Object.fromEntries([...zoomCodes].map((c, i) => [`Zoom authorization code ${i + 1}`, c])),
  ...(await microsoftSecrets(db, vault, microsoftIssued.secrets("Microsoft"))),
  ...Object.fromEntries([...microsoftTokens].map((t, i) => [`Microsoft held token ${i + 1}`, t])),
  ...Object.fromEntries(
    [...microsoftCodes].map((c, i) => [`Microsoft authorization code ${i + 1}`, c]),
  ),
};
/** Secrets confab hands out: never stored or logged, and shown only in the reply that hands them out. */
const handedOut: Record<string, { secret: string; shownIn: string[] }> = {
  "the application's first client secret": {
    secret: firstSecret,
    shownIn: [`GET /o/acme/manage/applications/${appId}`],
  },
  "the application's client secret": {
    secret: clientSecret,
    shownIn: [`GET /o/acme/manage/applications/${appId}`],
  },
  "an API access token": { secret: accessToken, shownIn: ["POST /v1/application_calendars"] },
  "an API refresh token": {
    secret: refreshToken,
    shownIn: ["POST /v1/application_calendars", "POST /oauth/token"],
  },
  "a refreshed API access token": { secret: secondAccessToken, shownIn: ["POST /oauth/token"] },
  "the admin's session id": { secret: sessionIds[0] as string, shownIn: ["POST /sign-in"] },
  "the mentor's session id": { secret: sessionIds[1] as string, shownIn: ["POST /sign-in"] },
  "a password": { secret: password, shownIn: [] },
};

test("the run covered what it claims: Zoom tokens were issued and refreshed, and logs were written", () => {
  assert.ok(zoomTokens.size >= 5, `${zoomTokens.size} Zoom tokens seen`);
  assert.equal(zoomCodes.size, 3);
  assert.ok(Object.values(handedOut).every((h) => h.secret.length >= 10));
  assert.ok(logLines.some((l) => l.includes("/oauth/zoom/callback")));
  assert.ok(
    logLines.some((l) => l.includes("conferencing:provision_meeting")),
    "the worker logs",
  );
  assert.ok(logLines.length > 50, `${logLines.length} log lines`);
});

test("the run covered Microsoft Teams too: two connections, a code each, access, refresh and ID tokens issued, one refresh that rotated the refresh token", () => {
  assert.equal(microsoftCodes.size, 2);
  // Two code exchanges and one refresh, each with an access and a refresh token.
  assert.equal(microsoftIssued.count("access_token"), 3);
  assert.equal(
    microsoftIssued.count("refresh_token"),
    3,
    "every refresh rotates the refresh token",
  );
  assert.equal(
    microsoftIssued.count("id_token"),
    3,
    "an ID token with each sign-in and the refresh",
  );
  assert.ok(microsoftTokens.size >= 4, `${microsoftTokens.size} Microsoft tokens held`);
  assert.ok(logLines.some((l) => l.includes("/oauth/ms_teams/callback")));
});

test("Microsoft tokens are stored encrypted while connected: no row holds one in plaintext, and each ciphertext opens to a token Microsoft issued", () => {
  const issued = new Set(Object.values(microsoftIssued.secrets("Microsoft")));
  assert.equal(teamsRowsConnected.length, 2, "both Teams connections, while connected");
  const plaintext = Object.entries(microsoftIssued.secrets("Microsoft"))
    .filter(([, token]) => teamsRowsConnected.some(({ row }) => row.includes(token)))
    .map(([what]) => what);
  assert.deepEqual(plaintext, []);
  for (const row of teamsCiphertexts) {
    const access = vault.decrypt(row.access_token as string, "provider_connections.access_token");
    const refresh = vault.decrypt(
      row.refresh_token as string,
      "provider_connections.refresh_token",
    );
    assert.ok(issued.has(access) && issued.has(refresh), "the tokens Microsoft issued");
    assert.ok(!String(row.access_token).includes(access), "the ciphertext is not the token");
  }
});

test("no token, client secret, password or key is in the database in plaintext, in any table", async () => {
  const { rows: tables } = await sql<{ name: string }>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema')`.execute(db);
  let dump = "";
  for (const { name } of tables) {
    const { rows } = await sql<{ rows: string | null }>`
      select string_agg(to_jsonb(t)::text, E'\n') as rows from ${sql.table(name)} t`.execute(db);
    dump += `${name}\n${rows[0]?.rows ?? ""}\n`;
  }
  assert.ok(dump.includes(profileId), "the dump holds the run's data");
  const found = Object.entries({
    ...neverShown,
    ...Object.fromEntries(Object.entries(handedOut).map(([k, v]) => [k, v.secret])),
  })
    .filter(([, secret]) => dump.includes(secret))
    .map(([what]) => what);
  assert.deepEqual(found, []);
});

test("no log line of the run, from web or worker, holds a token, secret, code, session id or password", () => {
  const log = logLines.join("");
  const found = Object.entries({
    ...neverShown,
    ...Object.fromEntries(Object.entries(handedOut).map(([k, v]) => [k, v.secret])),
    "the hosted link's token": linkToken,
    "the Teams hosted link's token": teamsLinkToken,
  })
    .filter(([, secret]) => log.includes(secret) || log.includes(encodeURIComponent(secret)))
    .map(([what]) => what);
  assert.deepEqual(found, []);
});

test("no reply or page of the run shows a Zoom or Microsoft secret, and confab's own secrets only where they are handed out", () => {
  assert.ok(replies.length > 40, `${replies.length} replies`);
  const shownIn = (secret: string) =>
    replies
      .filter((r) => r.body.includes(secret) || r.headers.includes(secret))
      .map((r) => r.label);
  const leaks = Object.entries(neverShown)
    .filter(([, secret]) => shownIn(secret).length > 0)
    .map(([what, secret]) => `${what}: ${shownIn(secret)}`);
  assert.deepEqual(leaks, []);
  for (const [what, { secret, shownIn: expected }] of Object.entries(handedOut)) {
    assert.deepEqual([...new Set(shownIn(secret))].sort(), expected.sort(), what);
  }
});
