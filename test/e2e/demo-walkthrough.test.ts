import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { describeDemo } from "../../src/demo/describe-demo.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { cleanup } from "../support/cleanup.ts";
import { eventually, startReceiver } from "../support/conferencing-world.ts";
import { startTestApp } from "../support/test-app.ts";

/**
 * A newcomer's first run of the demo, flow by flow (F1–F13): everything a person does goes through
 * the pages with one-click sign-in; what an application does goes through the API with the demo
 * application's credentials as the console prints them; what is true in Zoom is read from the
 * Zoom sandbox the demo runs.
 */
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-demo-walkthrough-"));
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));
const confab = await startTestApp(undefined, {
  // No SMTP_URL: the demo runs its own mail server, whose Demo inbox people read.
  env: { CONFAB_DEMO: "1", CONFAB_DATA_DIR: dataDir, SMTP_URL: "" },
});
assert.ok(confab.demo, "the demo runs");
const browser = await launchBrowser();

// What the console shows on the first start: the sandbox's address and the application's keys.
const printed = describeDemo(confab.url, confab.demo).join("\n");
const zoomUrl = /Zoom sandbox at (\S+),/.exec(printed)?.[1] ?? "";
const clientId = /client_id\s+(\S+)/.exec(printed)?.[1] ?? "";
const clientSecret = /client_secret\s+(\S+)/.exec(printed)?.[1] ?? "";
assert.match(zoomUrl, /^http/, printed);
assert.ok(clientId && clientSecret, printed);

const org = `${confab.url}/o/northwind`;
const email = (first: string) => `${first.toLowerCase()}@northwind.example`;

interface ZoomMeeting {
  id: number;
  topic: string;
  start_time: string;
  join_url: string;
  host_email: string;
  settings: { alternative_hosts: string };
}

async function sandbox<T>(method: string, route: string, body?: unknown): Promise<T> {
  const reply = await fetch(`${zoomUrl}/_sandbox${route}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await reply.text();
  assert.ok(reply.ok, `sandbox ${method} ${route}: ${reply.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
const zoomMeetings = () => sandbox<ZoomMeeting[]>("GET", "/meetings");
const zoomMeeting = async (joinUrl: string) =>
  (await zoomMeetings()).find((m) => m.join_url === joinUrl);

/** JSON as the API answers it. */
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field, as an application reads them
type Json = Record<string, any>;

async function api(
  method: string,
  route: string,
  options: { token?: string; member?: string; body?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.member) {
    headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    headers["confab-member"] = options.member;
  }
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const reply = await fetch(new URL(route, confab.url), {
    method,
    headers,
    body: options.body === undefined ? null : JSON.stringify(options.body),
  });
  const text = await reply.text();
  return { status: reply.status, body: (text ? JSON.parse(text) : {}) as Json };
}

/** One browser context per person, signed in with the demo's one-click button. */
const people = new Map<string, Page>();
async function signedIn(name: string): Promise<Page> {
  const known = people.get(name);
  if (known) return known;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  people.set(name, page);
  return page;
}

const main = async (page: Page) => (await page.textContent("main")) ?? "";
const h1 = async (page: Page) =>
  (await page.getByRole("heading", { level: 1 }).textContent())?.trim();

async function consentAtZoom(page: Page, who: string, decision: "Allow" | "Decline" = "Allow") {
  await page.waitForURL((url) => url.href.startsWith(zoomUrl));
  await page.getByLabel(/email/i).fill(who);
  await page.getByRole("button", { name: decision }).click();
}

async function openConferencingServices(page: Page) {
  await page.goto(`${confab.url}/`);
  await page.locator(".account-menu summary").click();
  await page.getByRole("link", { name: "Your account" }).click();
  await page.getByRole("link", { name: "Conferencing services" }).click();
  assert.equal(await h1(page), "Conferencing services");
}

async function openManage(page: Page, section: string) {
  await page.goto(org);
  await page.getByRole("link", { name: "Manage" }).click();
  await page
    .getByRole("navigation", { name: "Manage" })
    .getByRole("link", { name: section })
    .click();
}

// The application's user whose Zoom is connected through the hosted link (F2, F4–F6).
const leo = { token: "", calendarId: "", profileId: "" };
const inDays = (days: number, hour = 15) => {
  const day = new Date(Date.now() + days * 86_400_000);
  day.setUTCHours(hour, 0, 0, 0);
  return day;
};
const utc = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

async function upsertEvent(eventId: string, fields: Record<string, unknown>) {
  const start = (fields.start as Date | undefined) ?? inDays(3);
  const reply = await api("POST", `/v1/calendars/${leo.calendarId}/events`, {
    token: leo.token,
    body: {
      event_id: eventId,
      summary: "Mentoring session",
      start: utc(start),
      end: utc(new Date(start.getTime() + 3_600_000)),
      tzid: "Europe/Paris",
      conferencing: { profile_id: "default" },
      ...fields,
      ...(fields.start ? { start: utc(start) } : {}),
    },
  });
  return reply;
}

async function readEvent(eventId: string) {
  const reply = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
    token: leo.token,
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body.events as Json[]).find((e) => e.event_id === eventId);
}
const joinUrlOf = (eventId: string) =>
  eventually(
    async () => (await readEvent(eventId))?.conferencing?.join_url as string | undefined,
    20_000,
    `a join link on ${eventId}`,
  );
const failingOf = (eventId: string) =>
  eventually(
    async () => {
      const conferencing = (await readEvent(eventId))?.conferencing;
      return conferencing?.failing ? conferencing : undefined;
    },
    20_000,
    `${eventId} to fail`,
  );

/** The relink page an application hands its user: Reconnect Zoom → Zoom → connected again. */
async function reconnectThrough(relinkUrl: string, screenshotName?: string) {
  const page = await (await browser.newContext()).newPage();
  await page.goto(relinkUrl);
  assert.equal(await h1(page), "Reconnect Zoom");
  if (screenshotName) await screenshot(page, screenshotName);
  await page.getByRole("button", { name: "Reconnect Zoom" }).click();
  await consentAtZoom(page, email("Leo"));
  await page.waitForURL((url) => url.pathname === "/conferencing/relink");
  assert.match((await page.getByRole("status").textContent()) ?? "", /Zoom is connected again/);
  assert.match(await main(page), /leo@northwind\.example: connected/);
  assert.equal(await page.getByRole("button", { name: "Reconnect Zoom" }).count(), 0);
  if (screenshotName) await screenshot(page, `${screenshotName}-done`);
  await page.context().close();
}

let mayasMeeting = { path: "", joinUrl: "" };
let leadershipId = "";
let engineeringId = "";
/** Meeting ids confab made in Zoom during the walkthrough (F12 checks it touched no others). */
const confabMeetingIds = new Set<number>();

test("F1: Maya signs in with one click and connects her own Zoom under Your account → Conferencing services; it shows as connected and default", async () => {
  const page = await browser.newPage();
  await page.goto(`${confab.url}/sign-in`);
  const banner = (await page.getByRole("note", { name: "Demo mode" }).textContent()) ?? "";
  assert.match(banner, /Zoom sandbox/);
  assert.ok(banner.includes(zoomUrl), "the banner names the sandbox's address");
  for (const name of ["Grace Ito", "Omar Haddad", "Priya Nair", "Maya Chen", "Ben Okafor"]) {
    assert.equal(await page.getByRole("button", { name: `Sign in as ${name}` }).count(), 1);
  }
  await screenshot(page, "walkthrough-F1-sign-in");
  await page.close();

  const maya = await signedIn("Maya Chen");
  assert.match((await maya.textContent("header")) ?? "", /Maya Chen/);
  await screenshot(maya, "walkthrough-F1-home");
  await openConferencingServices(maya);
  assert.match(await main(maya), /No conferencing services connected/);
  await maya.getByRole("link", { name: "Add conferencing service" }).click();
  assert.match(await main(maya), /paid plan/);
  await screenshot(maya, "walkthrough-F1-add-conferencing-service");
  await maya.getByRole("button", { name: "Connect Zoom" }).click();
  await maya.waitForURL((url) => url.href.startsWith(zoomUrl));
  await screenshot(maya, "walkthrough-F1-zoom-consent");
  await consentAtZoom(maya, email("Maya"));
  await maya.waitForURL((url) => url.pathname === "/account/conferencing");
  assert.match(
    (await maya.getByRole("status").textContent()) ?? "",
    /conferencing service is connected/,
  );
  const card = maya.locator("li.card", { hasText: email("Maya") });
  assert.match((await card.textContent()) ?? "", /Default.*Connected/s);
  await screenshot(maya, "walkthrough-F1-connected");
});

test("F2: the demo application asks for a connect link for Leo; he opens it without signing in, connects his Zoom and lands back on the application with his new profile", async () => {
  const calendar = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: clientId,
      client_secret: clientSecret,
      application_calendar_id: "leo",
    },
  });
  assert.equal(calendar.status, 200, JSON.stringify(calendar.body));
  leo.token = calendar.body.access_token;
  const calendars = await api("GET", "/v1/calendars", { token: leo.token });
  leo.calendarId = calendars.body.calendars[0].calendar_id;
  const link = await api("POST", "/v1/conferencing_service_authorizations", {
    token: leo.token,
    body: { redirect_uri: `${confab.url}/` },
  });
  assert.equal(link.status, 200, JSON.stringify(link.body));

  // Leo has no confab session: the link alone says who he is.
  const page = await (await browser.newContext()).newPage();
  await page.goto(link.body.authorization_request.url);
  assert.match(await main(page), /Northwind scheduler/);
  assert.match(await main(page), /no credentials are shared/);
  await screenshot(page, "walkthrough-F2-hosted-link");
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = page.waitForRequest((request) => request.url().startsWith(`${confab.url}/?`));
  await consentAtZoom(page, email("Leo"));
  const back = new URL((await landed).url());
  leo.profileId = back.searchParams.get("last_linked_profile_id") ?? "";
  assert.match(leo.profileId, /^pro_/);
  assert.equal(back.searchParams.get("error"), null);
  await page.waitForLoadState();
  assert.match(await main(page), /Your conferencing is connected/);
  await screenshot(page, "walkthrough-F2-back-on-the-application");
  await page.context().close();

  const userinfo = await api("GET", "/v1/userinfo", { token: leo.token });
  assert.deepEqual(userinfo.body["cronofy.data"].conferencing_profiles, [
    {
      provider_name: "zoom",
      profile_id: leo.profileId,
      profile_name: email("Leo"),
      profile_connected: true,
    },
  ]);
  assert.doesNotMatch(JSON.stringify(userinfo.body), /token/i, "no Zoom credential reaches it");
});

test("F3: Ben tries to connect his free Zoom account, in the pages and through the application's link, and is told it needs a paid plan; nothing is connected", async () => {
  const ben = await signedIn("Ben Okafor");
  await openConferencingServices(ben);
  await ben.getByRole("link", { name: "Add conferencing service" }).click();
  await ben.getByRole("button", { name: "Connect Zoom" }).click();
  await consentAtZoom(ben, email("Ben"));
  await ben.waitForURL((url) => url.pathname === "/account/conferencing");
  assert.match((await ben.getByRole("alert").textContent()) ?? "", /paid/i);
  assert.match(await main(ben), /No conferencing services connected/);
  await screenshot(ben, "walkthrough-F3-free-account-refused");

  const calendar = await api("POST", "/v1/application_calendars", {
    body: { client_id: clientId, client_secret: clientSecret, application_calendar_id: "ben" },
  });
  const link = await api("POST", "/v1/conferencing_service_authorizations", {
    token: calendar.body.access_token,
    body: { redirect_uri: `${confab.url}/`, provider_name: "zoom" },
  });
  const page = await (await browser.newContext()).newPage();
  await page.goto(link.body.authorization_request.url);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await consentAtZoom(page, email("Ben"));
  await page.waitForURL((url) => url.pathname.startsWith("/conferencing/link/finish/"));
  assert.match(await main(page), /paid/i);
  assert.equal(
    await page.getByRole("link", { name: "Back to Northwind scheduler" }).getAttribute("href"),
    `${confab.url}/?error=access_denied`,
  );
  await screenshot(page, "walkthrough-F3-hosted-link-refused");
  await page.context().close();
  const userinfo = await api("GET", "/v1/userinfo", { token: calendar.body.access_token });
  assert.deepEqual(userinfo.body["cronofy.data"].conferencing_profiles, []);
});

test("F4: Maya removes her Zoom with the cross after a confirmation that meetings stay; the application revokes Leo's profile: his meeting stays in Zoom and changing its event now fails with the reason and a relink link", async () => {
  // Leo's meeting, made through the application before the removal.
  assert.equal((await upsertEvent("f4", { summary: "Before the removal" })).status, 202);
  const joinUrl = await joinUrlOf("f4");
  const inZoom = await zoomMeeting(joinUrl);
  assert.equal(inZoom?.host_email, email("Leo"));
  confabMeetingIds.add(inZoom.id);

  const maya = await signedIn("Maya Chen");
  await openConferencingServices(maya);
  await maya.getByRole("link", { name: `Remove Zoom ${email("Maya")}` }).click();
  assert.match(await main(maya), /No existing meetings will be deleted/);
  await screenshot(maya, "walkthrough-F4-remove-confirmation");
  await maya.getByRole("button", { name: "Remove Zoom" }).click();
  assert.match((await maya.getByRole("status").textContent()) ?? "", /is removed/);
  assert.equal(await maya.locator("li.card", { hasText: email("Maya") }).count(), 0);
  await screenshot(maya, "walkthrough-F4-removed");

  const revoked = await api("POST", `/v1/profiles/${leo.profileId}/revoke`, { token: leo.token });
  assert.ok(revoked.status < 300, JSON.stringify(revoked.body));
  const userinfo = await api("GET", "/v1/userinfo", { token: leo.token });
  assert.deepEqual(userinfo.body["cronofy.data"].conferencing_profiles, []);
  assert.ok(await zoomMeeting(joinUrl), "the existing meeting is still in Zoom");
  assert.equal((await readEvent("f4"))?.conferencing?.join_url, joinUrl);

  await upsertEvent("f4", { summary: "Moved after the removal", start: inDays(3, 17) });
  const failing = await failingOf("f4");
  assert.match(failing.failing_reason ?? "", /removed/i, JSON.stringify(failing));
  assert.match(failing.profile_relink_url ?? "", /^http/, JSON.stringify(failing));
  assert.equal((await zoomMeeting(joinUrl))?.topic, "Before the removal", "Zoom is not touched");
});

test("F5: Leo reconnects through the relink link and his waiting change reaches the same meeting; when the app is removed on Zoom's side, his profile reads disconnected with a relink link", async () => {
  const failing = (await readEvent("f4"))?.conferencing;
  const joinUrl = (await readEvent("f4"))?.conferencing?.join_url as string;
  await reconnectThrough(failing.profile_relink_url, "walkthrough-F5-reconnect");
  await eventually(
    async () => (await zoomMeeting(joinUrl))?.topic === "Moved after the removal",
    20_000,
    "the waiting change to reach Zoom",
  );
  assert.equal((await readEvent("f4"))?.conferencing?.join_url, joinUrl);
  const reconnected = await api("GET", "/v1/userinfo", { token: leo.token });
  const [profile] = reconnected.body["cronofy.data"].conferencing_profiles;
  assert.equal(profile?.profile_connected, true);
  leo.profileId = profile.profile_id;

  const removed = await sandbox<{ revoked_grants: number; webhook: { status: number } }>(
    "POST",
    "/deauthorize",
    { client_id: "confab-demo-user-app", user_email: email("Leo") },
  );
  assert.equal(removed.webhook.status, 200, "confab accepts Zoom's signed app_deauthorized");
  const disconnected = await eventually(async () => {
    const info = await api("GET", "/v1/userinfo", { token: leo.token });
    const found = info.body["cronofy.data"].conferencing_profiles.find(
      (p: { profile_id: string }) => p.profile_id === leo.profileId,
    );
    return found?.profile_connected === false ? found : undefined;
  });
  assert.match(disconnected.profile_relink_url ?? "", /^http/);
  assert.ok(await zoomMeeting(joinUrl), "a removal on Zoom's side deletes no meeting");

  // The next change that needs Zoom fails and says how to reconnect.
  await upsertEvent("f4", { summary: "After Zoom's side removal", start: inDays(3, 17) });
  const again = await failingOf("f4");
  assert.ok(again.failing_reason);
  assert.match(again.profile_relink_url ?? "", /^http/);
});

test("F6: the application books an event with Zoom for Leo: the join link arrives with a signed push, a reschedule keeps the link, deleting the event deletes the meeting, and the past is refused", async () => {
  const profile = (await api("GET", "/v1/userinfo", { token: leo.token })).body["cronofy.data"]
    .conferencing_profiles[0];
  await reconnectThrough(profile.profile_relink_url);

  const receiver = await startReceiver();
  const start = inDays(4);
  const made = await upsertEvent("f6", {
    summary: "Kick-off",
    start,
    subscriptions: [
      {
        type: "webhook",
        uri: receiver.url,
        interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
      },
    ],
  });
  assert.equal(made.status, 202);
  const joinUrl = await joinUrlOf("f6");
  const meeting = await zoomMeeting(joinUrl);
  assert.equal(meeting?.topic, "Kick-off");
  confabMeetingIds.add(meeting.id);
  const push = await eventually(async () => receiver.received[0]);
  assert.equal(JSON.parse(push.body).notification.type, "conferencing_assigned");
  assert.equal(
    push.headers["cronofy-hmac-sha256"],
    createHmac("sha256", clientSecret).update(push.body).digest("base64"),
  );

  const moved = inDays(5);
  await upsertEvent("f6", { summary: "Kick-off (moved)", start: moved });
  await eventually(async () => (await zoomMeeting(joinUrl))?.topic === "Kick-off (moved)");
  assert.equal((await zoomMeeting(joinUrl))?.start_time, utc(moved));
  assert.equal((await readEvent("f6"))?.conferencing?.join_url, joinUrl, "the same meeting");

  const deleted = await api("DELETE", `/v1/calendars/${leo.calendarId}/events`, {
    token: leo.token,
    body: { event_id: "f6" },
  });
  assert.equal(deleted.status, 202);
  await eventually(async () => (await zoomMeeting(joinUrl)) === undefined);

  const past = await upsertEvent("f6-past", { start: new Date(Date.now() - 86_400_000) });
  assert.equal(past.status, 202, "an event in the past is stored, as Cronofy stores it");
  const stored = (await readEvent("f6-past")) as { conferencing?: { skipped_reason?: string } };
  assert.match(stored?.conferencing?.skipped_reason ?? "", /cannot be added to past events/);
});

test("F7: the operator switches integrations off and Grace is told whom to ask; back on, Omar's install is refused by Zoom because he is not an owner or admin, and Grace installs Zoom for Northwind", async () => {
  const olivia = await signedIn("Olivia Operator");
  await olivia.getByRole("link", { name: "Operator" }).click();
  await olivia.getByRole("link", { name: "Disable integrations for Northwind Mentoring" }).click();
  assert.match(await main(olivia), /Northwind Mentoring has no integration installed/);
  await olivia.getByRole("button", { name: "Disable integrations" }).click();
  assert.match(
    (await olivia.getByRole("status").textContent()) ?? "",
    /Integrations are disabled for Northwind Mentoring/,
  );
  assert.match(
    (await olivia.getByRole("row", { name: /Northwind Mentoring/ }).textContent()) ?? "",
    /Not enabled|Disabled|Off/i,
  );
  const grace = await signedIn("Grace Ito");
  await openManage(grace, "Integrations");
  assert.match(await main(grace), /Ask your confab operator.*olivia@confab\.example/s);
  await screenshot(grace, "walkthrough-F7-integrations-not-enabled");
  await olivia.getByRole("button", { name: "Enable integrations for Northwind Mentoring" }).click();
  assert.match(
    (await olivia.getByRole("row", { name: /Northwind Mentoring/ }).textContent()) ?? "",
    /Enabled/,
  );
  await screenshot(olivia, "walkthrough-F7-operator-enabled");

  const omar = await signedIn("Omar Haddad");
  await openManage(omar, "Integrations");
  await omar.locator("[data-integration=zoom]").getByRole("link", { name: "Install" }).click();
  await omar.getByRole("dialog").getByRole("button", { name: "Continue" }).click();
  await consentAtZoom(omar, email("Omar"));
  assert.match((await omar.textContent("body")) ?? "", /owner or admin/i);
  await screenshot(omar, "walkthrough-F7-omar-refused-by-zoom");
  await openManage(omar, "Integrations");
  assert.match(
    (await omar.locator("[data-integration=zoom]").textContent()) ?? "",
    /Not installed/,
  );

  await grace.reload();
  const card = grace.locator("[data-integration=zoom]");
  assert.match((await card.textContent()) ?? "", /Not installed/);
  await screenshot(grace, "walkthrough-F7-integrations");
  await card.getByRole("link", { name: "Install" }).click();
  const dialog = grace.getByRole("dialog");
  const words = (await dialog.textContent()) ?? "";
  assert.match(words, /Install Zoom for Northwind Mentoring/);
  assert.match(words, /owner or admin/);
  assert.match(words, /No recordings/);
  assert.match(words, /meeting:write:meeting:admin/);
  await screenshot(grace, "walkthrough-F7-install-confirmation");
  await dialog.getByRole("button", { name: "Continue" }).click();
  await grace.waitForURL((url) => url.href.startsWith(zoomUrl));
  await screenshot(grace, "walkthrough-F7-zoom-admin-consent");
  await consentAtZoom(grace, email("Grace"));
  await grace.waitForURL((url) => url.pathname === "/o/northwind/manage/integrations");
  assert.match(await main(grace), /Zoom is connected/);
  await screenshot(grace, "walkthrough-F7-done-step");
  await grace.getByRole("button", { name: "Done" }).click();
  assert.match(
    (await grace.getByRole("status").textContent()) ?? "",
    /Zoom is installed for Northwind Mentoring/,
  );
  assert.match((await card.textContent()) ?? "", /Installed.*grace@northwind\.example/s);
  await screenshot(grace, "walkthrough-F7-installed");
});

test("F8: Grace enables Zoom for the Leadership track only, and Priya turns Zoom video call on under Program settings → Permissions", async () => {
  const grace = await signedIn("Grace Ito");
  await grace.getByRole("button", { name: "Enable Zoom for Leadership track" }).click();
  const leadership = grace.locator("[data-program]", { hasText: "Leadership track" });
  assert.match((await leadership.textContent()) ?? "", /Enabled/);
  leadershipId = (await leadership.getAttribute("data-program")) ?? "";
  engineeringId =
    (await grace
      .locator("[data-program]", { hasText: "Engineering track" })
      .getAttribute("data-program")) ?? "";
  assert.equal(
    await grace.getByRole("button", { name: "Enable Zoom for Engineering track" }).count(),
    1,
  );
  await screenshot(grace, "walkthrough-F8-enabled-for-leadership");

  const priya = await signedIn("Priya Nair");
  await priya.goto(org);
  await priya.getByRole("link", { name: "Leadership track" }).click();
  await priya.getByRole("link", { name: "Program settings" }).click();
  await priya.getByRole("link", { name: "Permissions" }).click();
  const zoomRow = () => priya.locator(".toggle-list li", { hasText: "Zoom video call" });
  assert.match((await zoomRow().textContent()) ?? "", /Off/);
  await screenshot(priya, "walkthrough-F8-permissions-off");
  await priya.getByRole("button", { name: "Turn on Zoom video call" }).click();
  assert.match((await zoomRow().textContent()) ?? "", /On/);
  await screenshot(priya, "walkthrough-F8-permissions-on");
});

test("F9: Maya schedules a Leadership meeting with Ben and Leo as a Zoom video call, sees that she hosts, Leo is an alternative host and Ben joins, and the join link appears for her and for Ben", async () => {
  const maya = await signedIn("Maya Chen");
  await maya.goto(org);
  await maya.getByRole("link", { name: "Leadership track" }).click();
  await maya.getByRole("link", { name: "New meeting" }).click();
  await maya.getByLabel("Title").fill("Leadership mentoring");
  await maya.getByLabel("Date", { exact: true }).fill(inDays(2).toISOString().slice(0, 10));
  await maya.getByLabel("Start time").fill("10:00");
  await maya.getByLabel("Duration").selectOption("60");
  await maya.getByLabel("Time zone").fill("Europe/London");
  await maya.getByLabel(/Ben Okafor/).check();
  await maya.getByLabel(/Leo Martin/).check();
  await maya.getByLabel(/Zoom video call/).check();
  await screenshot(maya, "walkthrough-F9-new-meeting");
  await maya.getByRole("button", { name: "Continue" }).click();

  assert.equal(await h1(maya), "Check who hosts in Zoom");
  const plan = maya.locator(".hosting-plan");
  assert.match((await plan.locator("[data-role=host]").textContent()) ?? "", /Maya Chen.*\(you\)/s);
  const alternative = (await plan.locator("[data-role=alternative_host]").textContent()) ?? "";
  assert.match(alternative, /Leo Martin/);
  assert.doesNotMatch(alternative, /Ben/);
  const participants = (await plan.locator("[data-role=participant]").textContent()) ?? "";
  assert.match(participants, /Ben Okafor/);
  assert.doesNotMatch(participants, /Leo/);
  await screenshot(maya, "walkthrough-F9-who-hosts");
  await maya.getByRole("button", { name: "Create meeting" }).click();

  await maya.waitForURL(/\/meetings\/evt_/);
  const join = maya.locator("a[data-join-url]");
  await join.waitFor();
  mayasMeeting = {
    path: new URL(maya.url()).pathname,
    joinUrl: (await join.getAttribute("href")) ?? "",
  };
  assert.match(mayasMeeting.joinUrl, /^http/);
  assert.equal(await maya.getByRole("link", { name: "Start meeting as host" }).count(), 1);
  await screenshot(maya, "walkthrough-F9-meeting-ready");

  const inZoom = await zoomMeeting(mayasMeeting.joinUrl);
  assert.equal(inZoom?.host_email, email("Maya"));
  assert.deepEqual(inZoom.settings.alternative_hosts.split(/[;,]/), [email("Leo")]);
  confabMeetingIds.add(inZoom.id);

  const ben = await signedIn("Ben Okafor");
  await ben.goto(org);
  await ben.getByRole("link", { name: "Leadership track" }).click();
  const card = ben.locator(".meeting-list li", { hasText: "Leadership mentoring" });
  assert.match((await card.textContent()) ?? "", /Participant/);
  await card.getByRole("link", { name: "Leadership mentoring" }).click();
  assert.equal(await ben.locator("a[data-join-url]").getAttribute("href"), mayasMeeting.joinUrl);
  assert.equal(await ben.getByRole("link", { name: "Start meeting as host" }).count(), 0);
  await screenshot(ben, "walkthrough-F9-ben-sees-the-meeting");
});

test("F10: each role reaches only what it may: Priya cannot change the Engineering track, Leo gets no Zoom there, Maya has no Manage, nobody opens another organization, and the organization API agrees", async () => {
  const priya = await signedIn("Priya Nair");
  const refused = await priya.goto(`${org}/programs/${engineeringId}/settings/permissions`);
  assert.ok([403, 404].includes(refused?.status() ?? 0), `got ${refused?.status()}`);
  await screenshot(priya, "walkthrough-F10-program-admin-refused");

  const leoPage = await signedIn("Leo Martin");
  await leoPage.goto(org);
  await leoPage.getByRole("link", { name: "Engineering track" }).click();
  await leoPage.getByRole("link", { name: "New meeting" }).click();
  const modes =
    (await leoPage.locator("fieldset", { hasText: "Meeting mode" }).textContent()) ?? "";
  assert.doesNotMatch(modes, /Zoom/);
  assert.match(modes, /In person/);
  await screenshot(leoPage, "walkthrough-F10-no-zoom-in-engineering");

  const maya = await signedIn("Maya Chen");
  assert.equal(await maya.getByRole("link", { name: "Manage" }).count(), 0);
  const manage = await maya.goto(`${org}/manage/integrations`);
  assert.equal(manage?.status(), 403);
  assert.equal(await h1(maya), "Not allowed");
  await screenshot(maya, "walkthrough-F10-mentor-refused");

  // Another organization on the same confab: Northwind's people see nothing of it.
  const olivia = await signedIn("Olivia Operator");
  await olivia.goto(`${confab.url}/operator`);
  await olivia.getByLabel("Name", { exact: true }).fill("Globex Coaching");
  await olivia.getByLabel("First organization admin (email)").fill("olivia@confab.example");
  await olivia.getByRole("button", { name: "Create organization" }).click();
  assert.match(await main(olivia), /Globex Coaching/);
  const other = await maya.goto(`${confab.url}/o/globex-coaching`);
  assert.ok([403, 404].includes(other?.status() ?? 0), `got ${other?.status()}`);
  assert.doesNotMatch(await main(maya), /Globex/);
  await screenshot(maya, "walkthrough-F10-other-organization-refused");

  const programs = await api("GET", "/v1/organization/programs", { member: email("Leo") });
  assert.equal(programs.status, 200, JSON.stringify(programs.body));
  const modesOf = (name: string) =>
    programs.body.programs
      .find((p: { name: string }) => p.name === name)
      .meeting_modes.map((m: { key: string }) => m.key);
  assert.ok(modesOf("Leadership track").includes("zoom"));
  assert.ok(!modesOf("Engineering track").includes("zoom"));
  const sofias = await api("GET", "/v1/organization/programs", {
    member: "sofia@northwind.example",
  });
  assert.deepEqual(
    sofias.body.programs.map((p: { name: string }) => p.name),
    ["Engineering track"],
  );
  const zoomInEngineering = await api(
    "POST",
    `/v1/organization/programs/${engineeringId}/meetings`,
    {
      member: email("Leo"),
      body: {
        title: "Not here",
        date: inDays(2).toISOString().slice(0, 10),
        time: "09:00",
        tzid: "Europe/Paris",
        duration_minutes: 30,
        invitees: ["sofia@northwind.example"],
        meeting_mode: "zoom",
      },
    },
  );
  assert.ok(
    zoomInEngineering.status >= 400 && zoomInEngineering.status < 500,
    JSON.stringify(zoomInEngineering.body),
  );
  const outsider = await api("GET", "/v1/organization/programs", {
    member: "olivia@confab.example",
  });
  assert.ok(outsider.status >= 400 && outsider.status < 500, "an outsider gets nothing");
});

test("F13: Omar removes Grace, who installed Zoom, from Northwind; Zoom stays installed and Maya's next Zoom meeting, made through the organization API, still gets its link", async () => {
  const omar = await signedIn("Omar Haddad");
  await openManage(omar, "Members");
  await omar.getByRole("link", { name: `Remove ${email("Grace")}` }).click();
  assert.match(await main(omar), /Remove grace@northwind\.example from Northwind Mentoring\?/);
  await screenshot(omar, "walkthrough-F13-remove-grace-confirmation");
  await omar.getByRole("button", { name: "Remove member" }).click();
  await omar.waitForURL((url) => url.pathname === "/o/northwind/manage/members");
  assert.equal(await omar.getByRole("row", { name: /grace@northwind\.example/ }).count(), 0);
  await screenshot(omar, "walkthrough-F13-grace-removed");
  await openManage(omar, "Integrations");
  assert.match(
    (await omar.locator("[data-integration=zoom]").textContent()) ?? "",
    /Installed.*grace@northwind\.example/s,
  );
  await screenshot(omar, "walkthrough-F13-zoom-still-installed");

  const grace = await signedIn("Grace Ito");
  const gone = await grace.goto(org);
  assert.ok([403, 404].includes(gone?.status() ?? 0), `got ${gone?.status()}`);

  const made = await api("POST", `/v1/organization/programs/${leadershipId}/meetings`, {
    member: email("Maya"),
    body: {
      title: "After the turnover",
      date: inDays(6).toISOString().slice(0, 10),
      time: "11:00",
      tzid: "Europe/Paris",
      duration_minutes: 30,
      invitees: [email("Leo"), "noah@northwind.example"],
      meeting_mode: "zoom",
    },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const meeting = await eventually(
    async () => {
      const read = await api(
        "GET",
        `/v1/organization/programs/${leadershipId}/meetings/${made.body.meeting_id}`,
        { member: email("Maya") },
      );
      return read.body.conferencing?.join_url ? read.body : undefined;
    },
    20_000,
    "the join link after the turnover",
  );
  const inZoom = await zoomMeeting(meeting.conferencing.join_url);
  assert.equal(inZoom?.host_email, email("Maya"));
  assert.equal(inZoom.settings.alternative_hosts, email("Leo"));
  confabMeetingIds.add(inZoom.id);
});

test("F11: Grace, invited back by Omar, removes Zoom: Maya's meeting still exists in Zoom and still shows its link, and Zoom video call is no longer offered", async () => {
  const omar = await signedIn("Omar Haddad");
  await openManage(omar, "Members");
  await omar.getByLabel("Email", { exact: true }).fill(email("Grace"));
  await omar.getByLabel("Role", { exact: true }).selectOption("org_admin");
  await omar.getByRole("button", { name: "Invite" }).click();
  assert.match((await omar.getByRole("status").textContent()) ?? "", /on its way by mail/);

  // Grace finds the invitation in the Demo inbox, as she would in her own mailbox.
  const grace = await signedIn("Grace Ito");
  // The worker mails it a moment after the page answered: reload the inbox until it is there.
  const inbox = new URL(`/demo/inbox?to=${encodeURIComponent(email("Grace"))}`, grace.url()).href;
  const mailLink = grace.getByRole("link", {
    name: /Omar Haddad invited you to Northwind Mentoring/,
  });
  // Until the mail has arrived, however long the outbox takes: the runner's timeout bounds it.
  await grace.goto(inbox);
  while ((await mailLink.count()) === 0) {
    await grace.waitForTimeout(100);
    await grace.goto(inbox);
  }
  await mailLink.first().click();
  await screenshot(grace, "walkthrough-F11-invitation-mail");
  const text = (await grace.locator("pre.inbox-text").first().textContent()) ?? "";
  const invitation = /https?:\/\/\S+\/invitation\?token=\S+/.exec(text)?.[0];
  assert.ok(invitation, text);
  await grace.goto(invitation);
  await grace.getByRole("button", { name: "Accept and join Northwind Mentoring" }).click();
  await openManage(grace, "Integrations");
  await grace.getByRole("link", { name: "Remove Zoom" }).click();
  assert.match(await main(grace), /No existing Zoom meetings will be deleted/);
  await screenshot(grace, "walkthrough-F11-remove-confirmation");
  await grace.getByRole("button", { name: "Remove Zoom" }).click();
  assert.match(await main(grace), /Zoom is removed/);
  await screenshot(grace, "walkthrough-F11-removed");

  assert.ok(await zoomMeeting(mayasMeeting.joinUrl), "Maya's meeting still exists in Zoom");
  const maya = await signedIn("Maya Chen");
  await maya.goto(`${confab.url}${mayasMeeting.path}`);
  assert.equal(await maya.locator("a[data-join-url]").getAttribute("href"), mayasMeeting.joinUrl);
  await screenshot(maya, "walkthrough-F11-meeting-still-there");
  await maya.goto(`${org}/programs/${leadershipId}`);
  await maya.getByRole("link", { name: "New meeting" }).click();
  const modes = (await maya.locator("fieldset", { hasText: "Meeting mode" }).textContent()) ?? "";
  assert.doesNotMatch(modes, /Zoom/);
  assert.match(modes, /In person/);
  await screenshot(maya, "walkthrough-F11-no-zoom-offered");

  const priya = await signedIn("Priya Nair");
  await priya.goto(org);
  await priya.getByRole("link", { name: "Leadership track" }).click();
  await priya.getByRole("link", { name: "Program settings" }).click();
  await priya.getByRole("link", { name: "Permissions" }).click();
  assert.match(
    (await priya.locator(".toggle-list li", { hasText: "Zoom video call" }).textContent()) ?? "",
    /Not installed/,
  );
  await screenshot(priya, "walkthrough-F11-permissions-after-removal");
});

test("F12: in Zoom, confab asked for no recording permission and read or changed only the meetings it made and its users' basic details", async () => {
  const apps = await sandbox<{ scopes: string[] }[]>("GET", "/apps");
  for (const app of apps) {
    for (const scope of app.scopes) assert.match(scope, /^(meeting|user):/, scope);
  }
  const calls = await sandbox<{ method: string; path: string }[]>("GET", "/calls");
  assert.ok(calls.length > 0);
  for (const call of calls) {
    assert.doesNotMatch(call.path, /recording|report|chat|contact/i, call.path);
    const meeting = /^\/v2\/meetings\/(\d+)/.exec(call.path);
    if (meeting) {
      assert.ok(confabMeetingIds.has(Number(meeting[1])), `${call.method} ${call.path}`);
    } else {
      assert.match(call.path, /^\/oauth\/|^\/v2\/users\/[^/]+(\/meetings)?$/, call.path);
    }
  }
  // What confab shows of Zoom users in the pages: name and email, nothing more.
  const ben = await signedIn("Ben Okafor");
  await ben.goto(`${confab.url}${mayasMeeting.path}`);
  assert.match(
    (await ben.locator(`[data-person="${email("Leo")}"]`).textContent()) ?? "",
    /Leo Martin.*leo@northwind\.example/s,
  );
  await screenshot(ben, "walkthrough-F12-what-confab-shows");
});
