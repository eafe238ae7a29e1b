import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";

/**
 * The rest of the Node SDK's methods in confab's subset, each called as an application calls it
 * (the hosted link, events, pushes and refresh are in cronofy-sdk.test.ts, channels in
 * test/channels/).
 */
type Call = (options?: Record<string, unknown>) => Promise<Record<string, unknown>>;
interface CronofyClient {
  urls: { api: string };
  config: Record<string, string>;
  applicationCalendar: Call;
  profileInformation: Call;
  createEvent: Call;
  updateExternalEvent: Call;
  deleteExternalEvent: Call;
  readEvents: Call;
  revokeProfileAuthorization: Call;
  revokeAuthorization: Call;
  requestAccessToken: Call;
  userInfo: Call;
}
const Cronofy = createRequire(import.meta.url)("cronofy") as new (
  config: Record<string, string>,
) => CronofyClient;

const { zoom, confab, application, linkZoom } = await startConferencingWorld({
  CONFAB_API_RATE: "1000/s,10000/min",
  CONFAB_API_CALENDAR_RATE: "1000/s,10000/min",
});

function client(config: Record<string, string> = {}) {
  const made = new Cronofy({
    client_id: application.clientId,
    client_secret: application.clientSecret,
    ...config,
  });
  made.urls.api = confab.url;
  return made;
}

const sdk = client();
const tokens = await sdk.applicationCalendar({ application_calendar_id: "sdk-methods" });
const sub = String(tokens.sub);
const profileId = await linkZoom(sub, zoom.users.member);
const calendarId = await (async () => {
  const info = await sdk.userInfo();
  const data = info["cronofy.data"] as {
    profiles: { profile_calendars: { calendar_id: string }[] }[];
  };
  return data.profiles[0]?.profile_calendars[0]?.calendar_id as string;
})();
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const start = Date.now() + 3 * 24 * 3600_000;

const rejection = (status: number) => (error: { statusCode?: number }) =>
  error.statusCode === status;

async function allEvents(options: Record<string, unknown>) {
  const events: Record<string, unknown>[] = [];
  let page = await sdk.readEvents(options);
  for (;;) {
    events.push(...(page.events as Record<string, unknown>[]));
    const next = (page.pages as { next_page?: string }).next_page;
    if (!next) return { events, pages: page.pages };
    page = await sdk.readEvents({ next_page: next });
  }
}

test("profileInformation lists the application calendar's profile, named as Cronofy names it", async () => {
  const reply = await sdk.profileInformation();
  const profiles = reply.profiles as Record<string, unknown>[];
  assert.equal(profiles.length, 1);
  assert.equal(profiles[0]?.provider_name, "cronofy");
  assert.equal(profiles[0]?.profile_connected, true);
});

test("readEvents follows next_page through every page, with the SDK's bracketed calendar_ids", async () => {
  for (let i = 0; i < 55; i += 1) {
    await sdk.createEvent({
      calendar_id: calendarId,
      event_id: `paged-${String(i).padStart(2, "0")}`,
      summary: `Paged ${i}`,
      start: utc(start + i * 3600_000),
      end: utc(start + i * 3600_000 + 1800_000),
    });
  }
  const { events, pages } = await allEvents({
    tzid: "Etc/UTC",
    include_managed: true,
    calendar_ids: [calendarId],
  });
  const paged = events.filter((e) => String(e.event_id).startsWith("paged-"));
  assert.equal(paged.length, 55);
  assert.equal(new Set(paged.map((e) => e.event_uid)).size, 55, "no event read twice");
  assert.equal((pages as { total: number }).total, 2);
});

test("updateExternalEvent and deleteExternalEvent address an event by its event_uid", async () => {
  const { events } = await allEvents({ tzid: "Etc/UTC", include_managed: true });
  const target = events.find((e) => e.event_id === "paged-00");
  assert.ok(target);
  await sdk.updateExternalEvent({
    calendar_id: calendarId,
    event_uid: target.event_uid,
    summary: "Renamed through its uid",
    start: target.start,
    end: target.end,
  });
  const renamed = (await allEvents({ tzid: "Etc/UTC", include_managed: true })).events.find(
    (e) => e.event_uid === target.event_uid,
  );
  assert.equal(renamed?.summary, "Renamed through its uid");
  assert.equal(renamed?.event_id, "paged-00", "the event keeps the application's event_id");

  await sdk.deleteExternalEvent({ calendar_id: calendarId, event_uid: target.event_uid });
  const after = await allEvents({ tzid: "Etc/UTC", include_managed: true, include_deleted: true });
  assert.equal(after.events.find((e) => e.event_uid === target.event_uid)?.deleted, true);
});

test("requestAccessToken's authorization code is refused as RFC 6749 has it: confab issues no codes", async () => {
  await assert.rejects(
    sdk.requestAccessToken({ code: "not-a-code", redirect_uri: "http://127.0.0.1:9/x" }),
    (error: { statusCode?: number; error?: { entity?: { error?: string } } }) =>
      error.statusCode === 400 && error.error?.entity?.error === "unsupported_grant_type",
  );
});

test("revokeProfileAuthorization disconnects the Zoom profile, and an event asking for it then fails", async () => {
  await sdk.revokeProfileAuthorization({ profile_id: profileId });
  const info = await sdk.userInfo();
  const data = info["cronofy.data"] as {
    conferencing_profiles: { profile_id: string; profile_connected: boolean }[];
  };
  const still = data.conferencing_profiles.find((p) => p.profile_id === profileId);
  assert.ok(still === undefined || still.profile_connected === false, "no longer connected");
  await sdk.createEvent({
    calendar_id: calendarId,
    event_id: "after-revoke",
    summary: "No profile",
    start: utc(start),
    end: utc(start + 1800_000),
    conferencing: { profile_id: profileId },
  });
  const failing = await eventually(async () => {
    const { events } = await allEvents({ tzid: "Etc/UTC", include_managed: true });
    const c = events.find((e) => e.event_id === "after-revoke")?.conferencing as
      | { failing?: boolean; failing_reason?: string }
      | undefined;
    return c?.failing ? c : undefined;
  });
  assert.ok(failing.failing_reason);
});

test("revokeAuthorization with the calendar's sub ends its tokens, as Cronofy documents for application calendars", async () => {
  const other = client();
  const issued = await other.applicationCalendar({ application_calendar_id: "sdk-revoke-by-sub" });
  await other.revokeAuthorization({ sub: String(issued.sub) });
  const holder = client({ access_token: String(issued.access_token) });
  await assert.rejects(holder.userInfo(), rejection(401));
});
