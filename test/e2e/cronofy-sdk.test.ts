import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { launchBrowser, screenshot } from "../support/browser.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { completeHostedLink } from "../support/hosted-link-browser.ts";
import { userApp, webhookSecret } from "../support/zoom-world.ts";

/** The parts of Cronofy's official Node SDK this test drives (the package ships no types). */
interface CronofyClient {
  urls: { api: string };
  applicationCalendar(o: { application_calendar_id: string }): Promise<Record<string, unknown>>;
  conferencingServiceAuthorizations(o: Record<string, unknown>): Promise<{
    authorization_request: { url: string };
  }>;
  userInfo(): Promise<Record<string, unknown>>;
  listCalendars(): Promise<{ calendars: { calendar_id: string }[] }>;
  createEvent(o: Record<string, unknown>): Promise<unknown>;
  deleteEvent(o: Record<string, unknown>): Promise<unknown>;
  readEvents(o: Record<string, unknown>): Promise<{ events: Record<string, unknown>[] }>;
  refreshAccessToken(): Promise<Record<string, unknown>>;
  revokeAuthorization(): Promise<unknown>;
  hmacValid(o: { hmac: string; body: string; client_secret: string }): boolean;
}
const Cronofy = createRequire(import.meta.url)("cronofy") as new (
  config: Record<string, string>,
) => CronofyClient;

const redirectUri = "http://127.0.0.1:9/after-zoom";
const { zoom, confab, registerApplication } = await startConferencingWorld();
await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
  webhook_url: `${confab.url}/webhooks/zoom`,
  webhook_secret: webhookSecret,
});
const application = await registerApplication([redirectUri]);
const receiver = await startReceiver();
const browser = await launchBrowser();

const client = new Cronofy({
  client_id: application.clientId,
  client_secret: application.clientSecret,
});
client.urls.api = confab.url;

const zoomMeetings = () =>
  zoom.control<{ id: number; start_time: string; join_url: string }[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(zoom.users.admin)}`,
  );
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const start = Date.now() + 5 * 24 * 3600_000;
let calendarId = "";

async function readEvent(eventId: string) {
  const { events } = await client.readEvents({ tzid: "Etc/UTC", include_managed: true });
  return events.find((e) => e.event_id === eventId);
}

test("the SDK makes an application calendar and gets its tokens", async () => {
  const reply = await client.applicationCalendar({ application_calendar_id: "sdk-user-1" });
  assert.equal(reply.token_type, "bearer");
  assert.equal(reply.application_calendar_id, "sdk-user-1");
  const { calendars } = await client.listCalendars();
  assert.equal(calendars.length, 1);
  calendarId = calendars[0]?.calendar_id ?? "";
  assert.ok(calendarId);
});

test("the SDK's hosted link, completed in a browser, links a Zoom profile that userinfo lists", async () => {
  const { authorization_request } = await client.conferencingServiceAuthorizations({
    redirect_uri: redirectUri,
  });
  const profileId = await completeHostedLink(browser, {
    url: authorization_request.url,
    redirectUri,
    zoomUrl: zoom.url,
    email: zoom.users.admin,
    shot: "cronofy-sdk-zoom-consent",
  });
  const info = await client.userInfo();
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

test("an event created through the SDK gets its Zoom join link, and a signed conferencing_assigned push", async () => {
  await client.createEvent({
    calendar_id: calendarId,
    event_id: "sdk-event",
    summary: "Interview",
    description: "Second round",
    start: utc(start),
    end: utc(start + 3600_000),
    tzid: "America/New_York",
    conferencing: { profile_id: "default" },
    subscriptions: [
      {
        type: "webhook",
        uri: receiver.url,
        interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
      },
    ],
  });
  const event = await eventually(async () => {
    const found = await readEvent("sdk-event");
    return (found?.conferencing as { join_url?: string } | undefined)?.join_url ? found : undefined;
  });
  const { join_url } = event.conferencing as { join_url: string };
  assert.ok((await zoomMeetings()).some((m) => m.join_url === join_url));
  const push = await eventually(async () => receiver.received[0]);
  const hmac = push.headers["cronofy-hmac-sha256"] as string;
  assert.equal(
    client.hmacValid({ hmac, body: push.body, client_secret: application.clientSecret }),
    true,
  );
  assert.equal(
    client.hmacValid({ hmac, body: `${push.body} `, client_secret: application.clientSecret }),
    false,
  );
  assert.equal(JSON.parse(push.body).notification.type, "conferencing_assigned");
});

test("a reschedule through the SDK keeps the join link and moves the Zoom meeting", async () => {
  const before = (await readEvent("sdk-event"))?.conferencing as { join_url: string };
  await client.createEvent({
    calendar_id: calendarId,
    event_id: "sdk-event",
    summary: "Interview",
    description: "Second round",
    start: utc(start + 2 * 3600_000),
    end: utc(start + 3 * 3600_000),
    tzid: "America/New_York",
    conferencing: { profile_id: "default" },
  });
  await eventually(async () =>
    (await zoomMeetings()).some((m) => m.start_time === utc(start + 2 * 3600_000)),
  );
  const after = (await readEvent("sdk-event"))?.conferencing as { join_url: string };
  assert.equal(after.join_url, before.join_url);
  assert.equal(receiver.received.length, 1, "no new notification: the state did not change");
});

test("deleting the event through the SDK removes the meeting from Zoom", async () => {
  const event = await readEvent("sdk-event");
  const { join_url } = (event?.conferencing ?? {}) as { join_url?: string };
  assert.ok(join_url);
  await client.deleteEvent({ calendar_id: calendarId, event_id: "sdk-event" });
  await eventually(async () => !(await zoomMeetings()).some((m) => m.join_url === join_url));
  assert.equal(await readEvent("sdk-event"), undefined);
});

test("the SDK refreshes and then revokes its tokens", async () => {
  const refreshed = await client.refreshAccessToken();
  assert.ok(refreshed.access_token);
  await client.userInfo();
  await client.revokeAuthorization();
  const again = new Cronofy({ access_token: String(refreshed.access_token) });
  again.urls.api = confab.url;
  await assert.rejects(
    again.userInfo(),
    (error: { statusCode?: number }) => error.statusCode === 401,
  );
});

test("the API reference at /docs renders in a browser", async () => {
  const page = await browser.newPage();
  await page.goto(`${confab.url}/docs`);
  await page.getByText("confab application API").first().waitFor();
  await page.getByText("/v1/calendars/{calendar_id}/events").first().waitFor();
  await screenshot(page, "api-docs");
});
