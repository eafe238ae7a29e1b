import assert from "node:assert/strict";
import { test } from "node:test";
import {
  awareDatetime,
  type DriverReply,
  findPython,
  pycronofyClient,
  pyDate,
  type Tokens,
  utc,
} from "../pycronofy/pycronofy-driver.ts";
import { launchBrowser } from "../support/browser.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { completeHostedLink } from "../support/hosted-link-browser.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { userApp, webhookSecret } from "../support/zoom-world.ts";

// Python applications through pycronofy 2.0.7, as test/pycronofy/driver.py mirrors it on the wire.
const python = findPython();

interface PyEvent {
  event_id: string;
  event_uid: string;
  start: unknown;
  end: unknown;
  deleted?: boolean;
  conferencing?: { join_url?: string; pending?: boolean };
}

const redirectUri = "http://127.0.0.1:9/after-zoom";
// The tests poll through the driver several times a second; Cronofy's own limits are not what
// this file is about.
const { zoom, confab, db, api, registerApplication } = await startConferencingWorld({
  CONFAB_API_RATE: "1000/s,10000/min",
  CONFAB_API_CALENDAR_RATE: "1000/s,10000/min",
});
await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
  webhook_url: `${confab.url}/webhooks/zoom`,
  webhook_secret: webhookSecret,
});
const application = await registerApplication([redirectUri]);
const receiver = await startReceiver();
const channelReceiver = await startReceiver();
const browser = await launchBrowser();

const client = pycronofyClient(python, {
  apiBaseUrl: confab.url,
  clientId: application.clientId,
  clientSecret: application.clientSecret,
});
const pycronofy = (method: string, args: Record<string, unknown> = {}, as: Tokens = tokens) =>
  client(method, args, as);

/** The reply pycronofy returns from without raising. */
function returned(reply: DriverReply, what: string): Record<string, unknown> {
  assert.equal(
    reply.raises,
    undefined,
    `${what}: ${reply.raises} (${reply.status} ${JSON.stringify(reply.body)})`,
  );
  return reply.body;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const start = Math.floor((Date.now() + 5 * day) / minute) * minute;
let tokens: Tokens = {};
let firstTokens: Record<string, unknown> = {};
let refreshedTokens: Record<string, unknown> = {};
let calendarId = "";
let profileId = "";
let channelId = "";

/** Every event of a read, through all its pages, with pycronofy's defaults (include_managed=True). */
async function readEvents(args: Record<string, unknown> = {}, as: Tokens = tokens) {
  const reply = await pycronofy("read_events", { tzid: "Etc/UTC", ...args }, as);
  return (returned(reply, "read_events") as { events: PyEvent[] }).events;
}
const readEvent = async (eventId: string) =>
  (await readEvents()).find((e) => e.event_id === eventId);

const zoomMeetings = () =>
  zoom.control<{ id: number; start_time: string; join_url: string }[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(zoom.users.admin)}`,
  );

async function upsert(event: Record<string, unknown>, calendar = calendarId, as = tokens) {
  const reply = await pycronofy("upsert_event", { calendar_id: calendar, event }, as);
  assert.equal(reply.status, 202, `upsert_event: ${JSON.stringify(reply.body)}`);
}

test("pycronofy's application_calendar, sent with Authorization: Bearer None, gets tokens it can keep", async () => {
  const reply = await pycronofy(
    "application_calendar",
    { application_calendar_id: "py-user-1" },
    {},
  );
  assert.ok(reply.sent[0]?.startsWith(`POST ${confab.url}/v1/application_calendars`));
  firstTokens = returned(reply, "application_calendar");
  tokens = {
    access_token: firstTokens.access_token as string,
    refresh_token: firstTokens.refresh_token as string,
  };
  assert.equal(firstTokens.token_type, "bearer");
  assert.equal(firstTokens.application_calendar_id, "py-user-1");
  assert.match(String(firstTokens.sub), /\S/);
});

test("pycronofy's list_calendars finds the application calendar", async () => {
  const { calendars } = returned(await pycronofy("list_calendars"), "list_calendars") as {
    calendars: { calendar_id: string }[];
  };
  assert.equal(calendars.length, 1);
  calendarId = calendars[0]?.calendar_id ?? "";
  assert.ok(calendarId);
});

test("the token reply names Cronofy as the application calendar's linking profile", () => {
  const linking = firstTokens.linking_profile as { provider_name?: string } | undefined;
  assert.equal(linking?.provider_name, "cronofy");
});

test("pycronofy's userinfo says the token speaks for a Cronofy account", async () => {
  const info = returned(await pycronofy("userinfo"), "userinfo");
  assert.equal(info.sub, firstTokens.sub);
  assert.equal(info["cronofy.type"], "account");
});

test("pycronofy's conferencing service link, completed in a browser, links a Zoom profile that userinfo lists", async () => {
  const reply = await pycronofy("get_conferencing_services_auth_link", {
    redirect_uri: redirectUri,
  });
  const { authorization_request } = returned(reply, "get_conferencing_services_auth_link") as {
    authorization_request: { url: string };
  };
  profileId = await completeHostedLink(browser, {
    url: authorization_request.url,
    redirectUri,
    zoomUrl: zoom.url,
    email: zoom.users.admin,
    shot: "pycronofy-zoom-consent",
  });
  const info = returned(await pycronofy("userinfo"), "userinfo");
  const data = info["cronofy.data"] as { conferencing_profiles: Record<string, unknown>[] };
  assert.deepEqual(data.conferencing_profiles, [
    {
      provider_name: "zoom",
      profile_id: profileId,
      profile_name: zoom.users.admin,
      profile_connected: true,
    },
  ]);
});

test("an event upserted with pycronofy's datetimes gets its Zoom join link, read with include_managed=True", async () => {
  await upsert({
    event_id: "py-event",
    summary: "Interview",
    description: "Second round",
    start: awareDatetime(start),
    end: awareDatetime(start + hour),
    tzid: "Europe/Berlin",
    conferencing: { profile_id: "default" },
    subscriptions: [
      {
        type: "webhook",
        uri: receiver.url,
        interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
      },
    ],
  });
  const read = await pycronofy("read_events", { tzid: "Etc/UTC", include_managed: true });
  assert.match(read.sent[0] ?? "", /[?&]include_managed=True(&|$)/);
  const event = await eventually(
    async () => {
      const found = await readEvent("py-event");
      return found?.conferencing?.join_url ? found : undefined;
    },
    15_000,
    "the event's join link",
  );
  assert.equal(event.start, utc(start));
  assert.equal(event.end, utc(start + hour));
  const joinUrl = event.conferencing?.join_url;
  assert.ok((await zoomMeetings()).some((m) => m.join_url === joinUrl));
});

test("the conferencing_assigned push passes pycronofy's hmac_valid, and a changed body does not", async () => {
  const push = await eventually(async () => receiver.received[0], 15_000, "the push");
  const hmac = push.headers["cronofy-hmac-sha256"] as string;
  assert.equal(JSON.parse(push.body).notification.type, "conferencing_assigned");
  assert.equal(
    (await pycronofy("hmac_valid", { hmac_string: hmac, body: push.body })).result,
    true,
  );
  assert.equal(
    (await pycronofy("hmac_valid", { hmac_string: hmac, body: `${push.body} ` })).result,
    false,
  );
});

test("a reschedule through pycronofy keeps the join link and moves the Zoom meeting", async () => {
  const before = (await readEvent("py-event"))?.conferencing?.join_url;
  assert.ok(before);
  await upsert({
    event_id: "py-event",
    summary: "Interview",
    description: "Second round",
    start: awareDatetime(start + 2 * hour),
    end: awareDatetime(start + 3 * hour),
    tzid: "Europe/Berlin",
    conferencing: { profile_id: "default" },
  });
  await eventually(
    async () => (await zoomMeetings()).some((m) => m.start_time === utc(start + 2 * hour)),
    15_000,
    "the Zoom meeting to move",
  );
  const after = await readEvent("py-event");
  assert.equal(after?.conferencing?.join_url, before);
  assert.equal(after?.start, utc(start + 2 * hour));
});

test("reads take the booleans Python applications send: True and 1 include managed events, False and 0 leave them out", async () => {
  for (const include_managed of [true, 1]) {
    const ids = (await readEvents({ include_managed })).map((e) => e.event_id);
    assert.ok(ids.includes("py-event"), `include_managed=${include_managed}: ${ids}`);
  }
  for (const include_managed of [false, 0]) {
    assert.deepEqual(
      await readEvents({ include_managed }),
      [],
      `include_managed=${include_managed}`,
    );
  }
});

test("a read with a calendar_ids list, sent as repeated calendar_ids[], finds the calendar's events", async () => {
  const reply = await pycronofy("read_events", { tzid: "Etc/UTC", calendar_ids: [calendarId] });
  assert.ok(reply.sent[0]?.includes(`calendar_ids%5B%5D=${encodeURIComponent(calendarId)}`));
  const { events } = returned(reply, "read_events") as { events: PyEvent[] };
  assert.ok(events.some((e) => e.event_id === "py-event"));
});

test("an all-day event sent as datetime.date is stored and read back as the same dates", async () => {
  const first = start + 7 * day;
  await upsert({
    event_id: "py-all-day",
    summary: "Offsite",
    start: pyDate(first),
    end: pyDate(first + 2 * day),
    tzid: "Europe/Berlin",
  });
  const events = await readEvents({
    from_date: pyDate(first - day),
    to_date: pyDate(first + 3 * day),
  });
  const event = events.find((e) => e.event_id === "py-all-day");
  assert.equal(event?.start, pyDate(first).$date);
  assert.equal(event?.end, pyDate(first + 2 * day).$date);
});

test("an event whose start has passed is stored with a 202, and no meeting is made for it", async () => {
  const past = Math.floor((Date.now() - 2 * hour) / minute) * minute;
  await upsert({
    event_id: "py-past",
    summary: "Already begun",
    start: awareDatetime(past),
    end: awareDatetime(past + 3 * hour),
    conferencing: { profile_id: "default" },
  });
  const stored = await readEvent("py-past");
  assert.ok(stored, "the past event is read back");
  await untilNoJobsLeft(db, { keys: [`provision:${stored.event_uid}`] }, "the past event's job");
  const event = await readEvent("py-past");
  assert.equal(event?.conferencing?.join_url, undefined);
  assert.notEqual(event?.conferencing?.pending, true);
  assert.ok(!(await zoomMeetings()).some((m) => m.start_time === utc(past)));
});

// Cronofy: "the events you manage are not subject to the default from and to date restrictions".
test("a read without from and to includes managed events years away, ahead and behind", async () => {
  const later = Math.floor((Date.now() + 2 * 365 * day) / minute) * minute;
  const earlier = Math.floor((Date.now() - 400 * day) / minute) * minute;
  await upsert({
    event_id: "py-far-ahead",
    summary: "Later",
    start: awareDatetime(later),
    end: awareDatetime(later + hour),
  });
  await upsert({
    event_id: "py-far-behind",
    summary: "Earlier",
    start: awareDatetime(earlier),
    end: awareDatetime(earlier + hour),
  });
  const ids = (await readEvents()).map((e) => e.event_id);
  assert.ok(ids.includes("py-far-ahead"), `two years ahead: ${ids}`);
  assert.ok(ids.includes("py-far-behind"), `400 days behind: ${ids}`);
});

test("read_events follows pages.next_page, as pycronofy's Pages does, until it has every event", async () => {
  const other = returned(
    await pycronofy("application_calendar", { application_calendar_id: "py-user-pages" }, {}),
    "application_calendar",
  );
  const as = { access_token: other.access_token as string };
  const { calendars } = returned(await pycronofy("list_calendars", {}, as), "list_calendars") as {
    calendars: { calendar_id: string }[];
  };
  const otherCalendar = calendars[0]?.calendar_id ?? "";
  const ids = Array.from({ length: 53 }, (_, i) => `py-page-${String(i).padStart(2, "0")}`);
  // Seeded over plain HTTP: what is at issue is how pycronofy reads pages, and 53 Python starts
  // would only slow the file down.
  for (const [i, eventId] of ids.entries()) {
    const at = start + i * hour;
    const reply = await api("POST", `/v1/calendars/${otherCalendar}/events`, {
      token: as.access_token,
      body: { event_id: eventId, summary: eventId, start: utc(at), end: utc(at + hour) },
    });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
  }
  const reply = await pycronofy("read_events", { tzid: "Etc/UTC" }, as);
  const body = returned(reply, "read_events") as { events: PyEvent[]; pages: unknown[] };
  assert.deepEqual(body.events.map((e) => e.event_id).sort(), ids);
  assert.ok(body.pages.length >= 2, `pages read: ${JSON.stringify(body.pages)}`);
  assert.ok(reply.sent[1]?.startsWith(`GET ${confab.url}/v1/events/pages/`), reply.sent.join("\n"));
});

test("deleting the event through pycronofy removes its meeting from Zoom, and include_deleted=True still shows it", async () => {
  const joinUrl = (await readEvent("py-event"))?.conferencing?.join_url;
  assert.ok(joinUrl);
  const reply = await pycronofy("delete_event", { calendar_id: calendarId, event_id: "py-event" });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  await eventually(
    async () => !(await zoomMeetings()).some((m) => m.join_url === joinUrl),
    15_000,
    "the Zoom meeting to go",
  );
  assert.equal(await readEvent("py-event"), undefined);
  const withDeleted = await readEvents({ include_deleted: true });
  assert.equal(withDeleted.find((e) => e.event_id === "py-event")?.deleted, true);
});

test("pycronofy's delete_external_event deletes an event named by its event_uid", async () => {
  const event = await readEvent("py-far-ahead");
  assert.ok(event?.event_uid);
  const reply = await pycronofy("delete_external_event", {
    calendar_id: calendarId,
    event_uid: event.event_uid,
  });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  assert.equal(await readEvent("py-far-ahead"), undefined);
});

test("pycronofy's create_notification_channel opens a channel, sent a verification that passes hmac_valid", async () => {
  const reply = await pycronofy("create_notification_channel", {
    callback_url: channelReceiver.url,
    calendar_ids: [calendarId],
  });
  const { channel } = returned(reply, "create_notification_channel") as {
    channel: { channel_id: string; callback_url: string; filters: Record<string, unknown> };
  };
  channelId = channel.channel_id;
  assert.match(channelId, /^chn_/);
  assert.equal(channel.callback_url, channelReceiver.url);
  assert.deepEqual(channel.filters, { calendar_ids: [calendarId] });
  const delivery = await eventually(
    async () => channelReceiver.received[0],
    15_000,
    "the verification",
  );
  assert.equal(JSON.parse(delivery.body).notification.type, "verification");
  const hmac = delivery.headers["cronofy-hmac-sha256"] as string;
  assert.equal(
    (await pycronofy("hmac_valid", { hmac_string: hmac, body: delivery.body })).result,
    true,
  );
});

test("pycronofy's list_notification_channels lists the channel, and close_notification_channel closes it", async () => {
  const listed = returned(
    await pycronofy("list_notification_channels"),
    "list_notification_channels",
  ) as {
    channels: { channel_id: string }[];
  };
  assert.deepEqual(
    listed.channels.map((c) => c.channel_id),
    [channelId],
  );
  const closed = await pycronofy("close_notification_channel", { channel_id: channelId });
  assert.equal(closed.status, 202, JSON.stringify(closed.body));
  const after = returned(
    await pycronofy("list_notification_channels"),
    "list_notification_channels",
  );
  assert.deepEqual(after.channels, []);
});

test("pycronofy's list_profiles lists the application calendar's one profile, as Cronofy names it", async () => {
  const reply = await pycronofy("list_profiles");
  assert.equal(reply.status, 200, `${reply.status} ${JSON.stringify(reply.body)}`);
  const profiles = reply.body.profiles as Record<string, unknown>[];
  assert.equal(profiles.length, 1);
  assert.equal(profiles[0]?.provider_name, "cronofy");
  assert.equal(profiles[0]?.profile_connected, true);
  assert.match(String(profiles[0]?.profile_id), /^pro_/);
});

test("pycronofy's authorization code exchange is refused as RFC 6749 says: unsupported_grant_type", async () => {
  const reply = await pycronofy("get_authorization_from_code", { code: "not-a-code" });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "unsupported_grant_type");
});

test("after refresh_authorization the new access token works, and so does the previous one", async () => {
  const previous = tokens;
  const reply = await pycronofy("refresh_authorization", {}, previous);
  assert.ok(reply.sent[0]?.startsWith(`POST ${confab.url}/oauth/token`));
  const refreshed = returned(reply, "refresh_authorization");
  refreshedTokens = refreshed;
  assert.notEqual(refreshed.access_token, previous.access_token);
  tokens = {
    access_token: refreshed.access_token as string,
    refresh_token: refreshed.refresh_token as string,
  };
  assert.equal((await pycronofy("userinfo", {}, tokens)).status, 200);
  const old = await pycronofy("userinfo", {}, previous);
  assert.equal(old.status, 200, `the previous access token: ${JSON.stringify(old.body)}`);
  for (const as of [tokens, previous]) {
    assert.ok((await readEvents({}, as)).some((e) => e.event_id === "py-all-day"));
  }
});

test("the refresh reply names Cronofy as the linking profile too", () => {
  const linking = refreshedTokens.linking_profile as { provider_name?: string } | undefined;
  assert.equal(linking?.provider_name, "cronofy");
});

test("pycronofy's revoke_profile disconnects the Zoom profile", async () => {
  const reply = await pycronofy("revoke_profile", { profile_id: profileId });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  const info = returned(await pycronofy("userinfo"), "userinfo");
  const { conferencing_profiles } = info["cronofy.data"] as {
    conferencing_profiles: { profile_id: string; profile_connected: boolean }[];
  };
  assert.ok(!conferencing_profiles.some((p) => p.profile_id === profileId && p.profile_connected));
});

test("revoke_authorization, which sends the access token, ends the grant: no token works after it", async () => {
  const reply = await pycronofy("revoke_authorization");
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal((await pycronofy("userinfo", {}, tokens)).status, 401);
  assert.equal(
    (await pycronofy("userinfo", {}, { access_token: firstTokens.access_token as string })).status,
    401,
  );
  const again = await pycronofy("refresh_authorization", {}, tokens);
  assert.equal(again.status, 400);
  assert.equal(again.body.error, "invalid_grant");
});
