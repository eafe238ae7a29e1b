import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { createUser } from "../../src/accounts/create-user.ts";
import { accessTokenPurpose } from "../../src/connections/connection-secrets.ts";
import { grantLockName, lockGrant } from "../../src/connections/provider-grant.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import type { App } from "../../src/http/build-app.ts";
import type { ProviderMeeting } from "../../src/providers/provider.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { password } from "../support/tenant.ts";
import { type WebReply, webClient } from "../support/web-client.ts";
import { workerPools } from "../support/worker-pools.ts";
import { consentAtZoom } from "../support/zoom-consent.ts";

/**
 * One Zoom user connected twice: from an application's hosted link (F2) and from the person's own
 * account page (F1). Zoom keeps one grant per user and app, so the second consent ends the first
 * one's tokens; every profile on that user must keep working all the same.
 */
const { zoom, confab, db, vault, provider, api, calendarFor, linkZoom } =
  await startConferencingWorld();
const app = confab.app as App;
const redirectUri = "http://127.0.0.1:9/connected";

async function zoomUser(email: string) {
  await zoom.control("POST", "/users", {
    email,
    account_id: zoom.accounts.paid,
    type: 2,
    role: "member",
  });
  return email;
}

/** F2: the application asks for a link, its user opens it, presses Connect Zoom and allows. */
async function connectThroughHostedLink(calendar: { token: string }, email: string) {
  const asked = await api("POST", "/v1/conferencing_service_authorizations", {
    token: calendar.token,
    body: { redirect_uri: redirectUri, provider_name: "zoom" },
  });
  assert.equal(asked.status, 200, JSON.stringify(asked.body));
  const link = new URL((asked.body.authorization_request as { url: string }).url);
  const person = webClient(app);
  const page = await person.get(`${link.pathname}${link.search}`);
  assert.equal(page.status, 200, page.body);
  const started = await person.post(formAction(page.body));
  assert.equal(started.status, 303, started.body);
  const back = await consentAtZoom(new URL(started.location ?? ""), email, "Allow");
  const returned = await person.get(`${back.pathname}${back.search}`);
  assert.equal(returned.status, 303, returned.body);
  const finished = await person.get(returned.location ?? "");
  assert.equal(finished.status, 303, finished.body);
  const landed = new URL(finished.location ?? "");
  assert.equal(`${landed.origin}${landed.pathname}`, redirectUri);
  const profileId = landed.searchParams.get("last_linked_profile_id");
  assert.match(profileId ?? "", /^pro_/, landed.href);
  return profileId as string;
}

/** A person signed in to confab, on Your account → Conferencing services. */
async function signedIn(email: string) {
  await createUser(db, { email, password, name: email.split("@")[0] });
  const person = webClient(app);
  await person.signIn(email, password);
  return person;
}

/**
 * F1 up to Zoom's answer: Add conferencing service → Connect Zoom → consent. Returns the request
 * that brings the browser back to confab, not yet made.
 */
async function startConnectingOnAccountPage(person: ReturnType<typeof webClient>, email: string) {
  const page = await person.get("/account/conferencing/add");
  assert.equal(page.status, 200, page.body);
  const started = await person.post(formAction(page.body));
  assert.equal(started.status, 303, started.body);
  const back = await consentAtZoom(new URL(started.location ?? ""), email, "Allow");
  return () => person.get(`${back.pathname}${back.search}`);
}

async function connectOnAccountPage(person: ReturnType<typeof webClient>, email: string) {
  const returned = await (await startConnectingOnAccountPage(person, email))();
  assert.equal(returned.status, 303, returned.body);
  const result = new URL(returned.location ?? "", confab.url).searchParams;
  assert.equal(result.get("connection_result"), "connected", result.toString());
  return result.get("connection_id") as string;
}

/** Where the page's Connect Zoom button posts to (the page header has forms of its own). */
function formAction(body: string): string {
  const action = /<form method="post" action="([^"]*\/zoom[^"]*)"/.exec(body)?.[1];
  assert.ok(action, "the page has a Connect Zoom button");
  return action.replaceAll("&amp;", "&");
}

async function conferencingProfiles(token: string) {
  const reply = await api("GET", "/v1/userinfo", { token });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body["cronofy.data"] as { conferencing_profiles: Record<string, unknown>[] })
    .conferencing_profiles;
}

/** The card of a profile on the person's Conferencing services page. */
async function accountPageCard(person: ReturnType<typeof webClient>, profileId: string) {
  const page = await person.get("/account/conferencing");
  assert.equal(page.status, 200);
  const card = new RegExp(`<li class="card" data-profile="${profileId}">([\\s\\S]*?)</li>`).exec(
    page.body,
  );
  return card?.[1];
}

const start = new Date(Date.now() + 3 * 86_400_000);
start.setUTCSeconds(0, 0);

async function meetingOnEvent(calendar: { calendarId: string; token: string }, eventId: string) {
  const reply = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: `Session ${eventId}`,
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  return eventually(
    async () => {
      const read = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
        token: calendar.token,
      });
      const event = (read.body.events as Record<string, unknown>[]).find(
        (e) => e.event_id === eventId,
      );
      const conferencing = event?.conferencing as Record<string, unknown> | undefined;
      return conferencing?.join_url ? conferencing : undefined;
    },
    15_000,
    `a Zoom meeting on ${eventId}`,
  );
}

async function connectionRow(id: string) {
  return db
    .selectFrom("provider_connections")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

const leoZoom = await zoomUser("leo@acme.example");
const leoCalendar = await calendarFor("leo");
const leo = await signedIn("leo@example.com");
let applicationProfile = "";
let personalProfile = "";

test("connecting the same Zoom user on the account page after a hosted link leaves both profiles connected, and the application's events get meetings", async () => {
  applicationProfile = await connectThroughHostedLink(leoCalendar, leoZoom);
  personalProfile = await connectOnAccountPage(leo, leoZoom);
  assert.notEqual(personalProfile, applicationProfile);

  assert.deepEqual(await conferencingProfiles(leoCalendar.token), [
    {
      provider_name: "zoom",
      profile_id: applicationProfile,
      profile_name: leoZoom,
      profile_connected: true,
    },
  ]);
  const card = await accountPageCard(leo, personalProfile);
  assert.match(card ?? "", /Connected/);
  assert.doesNotMatch(card ?? "", /Disconnected/);

  await zoom.control("DELETE", "/calls");
  const conferencing = await meetingOnEvent(leoCalendar, "after-second-connect");
  assert.equal(conferencing.provider_name, "zoom");
  const meetings = await zoom.control<{ join_url: string }[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(leoZoom)}`,
  );
  assert.ok(meetings.some((m) => m.join_url === conferencing.join_url));
  const calls = await zoom.calls();
  assert.deepEqual(
    calls.filter((c) => c.status !== null && c.status >= 400),
    [],
    "no call was refused: the application's profile holds the newest grant",
  );
  assert.equal((await conferencingProfiles(leoCalendar.token))[0]?.profile_connected, true);
});

test("both profiles hold the same grant, stored only encrypted", async () => {
  const [a, b] = [await connectionRow(applicationProfile), await connectionRow(personalProfile)];
  assert.ok(a.access_token?.startsWith("v1.") && b.access_token?.startsWith("v1."));
  assert.equal(
    vault.decrypt(a.access_token as string, accessTokenPurpose),
    vault.decrypt(b.access_token as string, accessTokenPurpose),
  );
});

test("an expired token used at once through both profiles from several processes is refreshed exactly once at Zoom", async () => {
  await zoom.control("POST", "/clock", { advance_seconds: 3700 });
  await db
    .updateTable("provider_connections")
    .set({ access_token_expires_at: sql`now() - interval '1 minute'` })
    .where("id", "in", [applicationProfile, personalProfile])
    .execute();
  await zoom.control("DELETE", "/calls");
  // Four pools stand for four worker processes, each with its own database connections.
  const workers = workerPools(confab, vault, 4);
  const made = await Promise.all(
    Array.from({ length: 12 }, (_, n) => {
      const worker = workers[n % 4] as (typeof workers)[number];
      const profile = n % 2 === 0 ? applicationProfile : personalProfile;
      return withAccessToken(worker, profile, (access) =>
        worker.provider.createMeeting(access, meetingTomorrow(`Busy ${n}`, `evt_busy_${n}`)),
      );
    }),
  );
  assert.equal(new Set(made.map((m) => m.id)).size, 12);
  const tokenCalls = await zoom.calls({ path: "/oauth/token" });
  assert.deepEqual(
    tokenCalls.map((c) => c.status),
    [200],
    "one refresh for both profiles, and no invalid_grant",
  );
  for (const id of [applicationProfile, personalProfile]) {
    const row = await connectionRow(id);
    assert.equal(row.status, "connected");
    assert.ok((row.access_token_expires_at?.getTime() ?? 0) > Date.now() + 30 * 60_000);
  }
});

test("removing the profile on the account page does not revoke the grant the application's profile still stands on", async () => {
  await zoom.control("DELETE", "/calls");
  const confirm = await leo.get(`/account/conferencing/${personalProfile}/remove`);
  assert.equal(confirm.status, 200);
  const removed = await leo.post(`/account/conferencing/${personalProfile}/remove`);
  assert.equal(removed.status, 303, removed.body);
  assert.equal(await accountPageCard(leo, personalProfile), undefined);
  const row = await connectionRow(personalProfile);
  assert.equal(row.status, "removed");
  assert.equal(row.access_token, null);
  assert.deepEqual(await zoom.calls({ path: "/oauth/revoke" }), [], "Zoom is not told to revoke");

  assert.equal((await conferencingProfiles(leoCalendar.token))[0]?.profile_connected, true);
  await meetingOnEvent(leoCalendar, "after-personal-removal");
});

test("removing the last profile on the Zoom user revokes the grant at Zoom", async () => {
  await zoom.control("DELETE", "/calls");
  const reply = await api("POST", `/v1/profiles/${applicationProfile}/revoke`, {
    token: leoCalendar.token,
    body: {},
  });
  assert.equal(reply.status, 202);
  assert.deepEqual(await conferencingProfiles(leoCalendar.token), []);
  assert.equal((await zoom.calls({ path: "/oauth/revoke", status: 200 })).length, 1);
});

test("a refresh Zoom refuses because the same user is consenting elsewhere at that moment is mended by that consent, and the work goes through", async () => {
  const kimZoom = await zoomUser("kim@acme.example");
  const kimCalendar = await calendarFor("kim");
  const onCalendar = await linkZoom(kimCalendar.sub, kimZoom);
  const kim = await signedIn("kim@example.com");
  await db
    .updateTable("provider_connections")
    .set({ access_token_expires_at: sql`now() - interval '1 minute'` })
    .where("id", "=", onCalendar)
    .execute();
  const key = {
    provider: "zoom",
    kind: "personal" as const,
    external_key: (await connectionRow(onCalendar)).external_key,
  };
  const waiting = async (count: number) => {
    const { rows } = await sql<{ waiting: number }>`
      select count(*)::int as waiting from pg_locks
      where locktype = 'advisory' and not granted
        and database = (select oid from pg_database where datname = current_database())
        and ((classid::bigint << 32) | objid::bigint) = hashtextextended(${grantLockName(key)}, 0)
    `.execute(db);
    return rows[0]?.waiting === count;
  };

  // The grant's lock is held here, so the two line up behind it in a known order: first the
  // refresh of the application's profile, then Kim's consent on her account page, which Zoom has
  // already answered with a new grant (ending the old one) by the time it waits.
  let release = () => {};
  const held = db.transaction().execute(async (trx) => {
    await lockGrant(trx, key);
    await new Promise<void>((resolve) => {
      release = resolve;
    });
  });
  let work: Promise<ProviderMeeting> | undefined;
  let returning: Promise<WebReply> | undefined;
  try {
    await zoom.control("DELETE", "/calls");
    work = withAccessToken({ db, vault, provider }, onCalendar, (access) =>
      provider.createMeeting(access, meetingTomorrow("Made in the crossfire", "evt_crossfire")),
    );
    await eventually(() => waiting(1), 15_000, "the refresh to wait for the grant's lock");
    const comeBack = await startConnectingOnAccountPage(kim, kimZoom);
    returning = comeBack();
    await eventually(() => waiting(2), 15_000, "the consent to wait for the grant's lock");
  } finally {
    release();
    await held;
  }

  const meeting = (await work) as ProviderMeeting;
  assert.match(meeting.joinUrl, /^http/);
  const returned = (await returning) as WebReply;
  assert.match(returned.location ?? "", /connection_result=connected/);
  const row = await connectionRow(onCalendar);
  assert.equal(row.status, "connected");
  assert.equal(row.status_reason, null);
  assert.deepEqual(
    (await zoom.calls({ path: "/oauth/token" })).map((c) => c.status),
    [200, 400],
    "the consent's code exchange, then the refresh with the token it ended",
  );
  assert.equal((await conferencingProfiles(kimCalendar.token))[0]?.profile_connected, true);
});
