import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { resumeWaitingEvents } from "../../src/conferencing/resume-waiting-events.ts";
import { disconnect } from "../../src/connections/disconnect.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { userApp, webhookSecret } from "../support/zoom-world.ts";

const { zoom, confab, api, calendarFor, linkZoom, application, db, vault, provider } =
  await startConferencingWorld();
await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
  webhook_url: `${confab.url}/webhooks/zoom`,
  webhook_secret: webhookSecret,
});
const receiver = await startReceiver();

const ada = await calendarFor("ada");
await linkZoom(ada.sub, zoom.users.member);

// One instant for the whole file, so that repeated upserts differ only where a test says so.
const now = Date.now();
const soon = (minutes = 0) => new Date(now + 2 * 24 * 3600_000 + minutes * 60_000);
const subscriptions = [
  {
    type: "webhook",
    uri: receiver.url,
    interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
  },
];

function upsert(calendar: { calendarId: string; token: string }, eventId: string, extra = {}) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: `Session ${eventId}`,
      start: soon().toISOString(),
      end: soon(30).toISOString(),
      conferencing: { profile_id: "default" },
      subscriptions,
      ...extra,
    },
  });
}

async function conferencingOf(calendar: { token: string }, eventId: string) {
  const reply = await api("GET", "/v1/events?include_managed=true", { token: calendar.token });
  const event = (reply.body.events as Record<string, unknown>[]).find(
    (e) => e.event_id === eventId,
  );
  return event?.conferencing as Record<string, unknown> | undefined;
}

const notificationsFor = (eventId: string) =>
  receiver.received
    .map((r) => ({ ...r, json: JSON.parse(r.body) }))
    .filter((r) => r.json.event.event_id === eventId);

/** The parts of a Confab-Signature header: t, id and v1. */
function confabSignatureOf(headers: Record<string, unknown>) {
  const header = headers["confab-signature"];
  if (typeof header !== "string") return undefined;
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  return parts as { t: string; id: string; v1: string };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

test("conferencing_assigned is pushed once, signed with the application's client secret, carrying the join link", async () => {
  await upsert(ada, "assigned");
  const [delivery] = await eventually(async () => {
    const found = notificationsFor("assigned");
    return found.length > 0 ? found : undefined;
  });
  assert.ok(delivery);
  assert.equal(delivery.json.notification.type, "conferencing_assigned");
  assert.match(delivery.json.event.conferencing.join_url, /^https?:\/\//);
  const expected = createHmac("sha256", application.clientSecret)
    .update(delivery.body)
    .digest("base64");
  assert.equal(delivery.headers["cronofy-hmac-sha256"], expected);
  // A reschedule keeps the meeting, and the state: nothing new to announce.
  await upsert(ada, "assigned", { start: soon(60).toISOString(), end: soon(90).toISOString() });
  await settle();
  assert.equal(notificationsFor("assigned").length, 1);
});

test("a delivery that is not acknowledged is retried with backoff until a 2xx, then never again", async () => {
  receiver.answers.push(500);
  await upsert(ada, "retried");
  const deliveries = await eventually(
    async () => (notificationsFor("retried").length >= 2 ? notificationsFor("retried") : undefined),
    20_000,
    "a second delivery",
  );
  const [first, second] = deliveries.map((d) => confabSignatureOf(d.headers));
  assert.equal(first?.id, second?.id, "the same delivery, tried again");
  assert.equal(deliveries[0]?.body, deliveries[1]?.body, "the event had not changed in between");
  assert.ok((deliveries[1]?.at ?? 0) - (deliveries[0]?.at ?? 0) >= 1000, "after a pause");
  await settle();
  assert.equal(notificationsFor("retried").length, 2);
  const row = await db
    .selectFrom("notifications")
    .selectAll()
    .where("id", "=", first?.id ?? "")
    .executeTakeFirst();
  assert.ok(row?.delivered_at);
  assert.equal(row?.attempts, 2);
});

test("every delivery carries a Confab-Signature binding its id and time to the body, and the event's sequence", async () => {
  await upsert(ada, "signed");
  const delivery = await eventually(async () => notificationsFor("signed")[0]);
  const signature = confabSignatureOf(delivery.headers);
  assert.ok(signature, "a Confab-Signature header");
  const expected = createHmac("sha256", application.clientSecret)
    .update(`${signature.id}.${signature.t}.${delivery.body}`)
    .digest("hex");
  assert.equal(signature.v1, expected);
  assert.match(signature.id, /^ntf_[0-9a-f]{20}$/);
  assert.ok(Math.abs(Number(signature.t) - Date.now() / 1000) < 3600, "a Unix time in seconds");
  assert.equal(typeof delivery.json.notification.sequence, "number");
  assert.ok(delivery.json.notification.sequence >= 1);
});

test("Zoom refusing the meeting puts the event in failing with Zoom's reason, and the application is told", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 400,
    zoom_code: 300,
    message: "Validation Failed.",
    times: 1,
  });
  await upsert(ada, "refused");
  const conferencing = await eventually(async () => {
    const c = await conferencingOf(ada, "refused");
    return c?.failing ? c : undefined;
  });
  assert.match(String(conferencing.failing_reason), /Zoom refused the meeting/);
  const told = await eventually(async () => notificationsFor("refused")[0]);
  assert.equal(told.json.notification.type, "conferencing_failing");
});

test("while Zoom is unavailable the meeting is retried with backoff, and made once Zoom answers", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 503,
    times: 2,
  });
  await upsert(ada, "outage");
  const conferencing = await eventually(
    async () => (await conferencingOf(ada, "outage"))?.join_url,
    20_000,
  );
  assert.ok(conferencing);
  const told = await eventually(async () => notificationsFor("outage").at(-1));
  assert.equal(told.json.notification.type, "conferencing_assigned");
});

test("a per-second limit defers the meeting to the time Zoom names, then it is made", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 429,
    headers: {
      "X-RateLimit-Type": "QPS",
      "Retry-After": new Date(Date.now() + 1000).toISOString(),
    },
    times: 1,
  });
  await upsert(ada, "slowed");
  assert.ok(await eventually(async () => (await conferencingOf(ada, "slowed"))?.join_url, 15_000));
});

test("a meeting deleted in Zoom leaves its event's conferencing failing with the reason, and the application is told", async () => {
  await upsert(ada, "deleted-in-zoom");
  const { meeting_id } = await eventually(async () => {
    const c = await conferencingOf(ada, "deleted-in-zoom");
    return c?.meeting_id ? c : undefined;
  });
  await zoom.control("DELETE", `/meetings/${meeting_id}`);
  const conferencing = await eventually(async () => {
    const c = await conferencingOf(ada, "deleted-in-zoom");
    return c?.removed_at_provider ? c : undefined;
  });
  assert.equal(conferencing.failing, true);
  assert.equal(conferencing.join_url, undefined, "no join link is read back for a deleted meeting");
  assert.match(String(conferencing.failing_reason), /deleted in Zoom/);
  const told = await eventually(async () =>
    notificationsFor("deleted-in-zoom").find(
      (n) => n.json.notification.type === "conferencing_failing",
    ),
  );
  assert.equal(told.json.event.conferencing.removed_at_provider, true);
});

test("after a profile is removed, events that need it fail with a clear reason; its existing meetings stay in Zoom", async () => {
  const grace = await calendarFor("grace");
  const profileId = await linkZoom(grace.sub, zoom.users.owner);
  await upsert(grace, "before-removal");
  const { join_url } = await eventually(async () => {
    const c = await conferencingOf(grace, "before-removal");
    return c?.join_url ? c : undefined;
  });
  await disconnect({ db, vault, provider }, profileId);
  await upsert(grace, "after-removal");
  const conferencing = await eventually(async () => {
    const c = await conferencingOf(grace, "after-removal");
    return c?.failing ? c : undefined;
  });
  assert.match(String(conferencing.failing_reason), /no conferencing profile/);
  const meetings = await zoom.control<{ join_url: string }[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(zoom.users.owner)}`,
  );
  assert.ok(
    meetings.some((m) => m.join_url === join_url),
    "no existing meeting is deleted",
  );
});

test("a profile uninstalled on Zoom's side fails its events with a relink URL; reconnected, they complete", async () => {
  const hal = await calendarFor("hal");
  const profileId = await linkZoom(hal.sub, zoom.users.other);
  await zoom.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.other,
  });
  await eventually(async () => {
    const row = await db
      .selectFrom("provider_connections")
      .select("status")
      .where("id", "=", profileId)
      .executeTakeFirst();
    return row?.status === "broken";
  });
  await upsert(hal, "waits-for-relink");
  const failing = await eventually(async () => {
    const c = await conferencingOf(hal, "waits-for-relink");
    return c?.failing ? c : undefined;
  });
  assert.match(String(failing.failing_reason), /disconnected/);
  assert.match(
    String(failing.profile_relink_url),
    new RegExp(`^${confab.url}/conferencing/relink\\?token=`),
  );
  assert.equal(await linkZoom(hal.sub, zoom.users.other), profileId, "the same profile, renewed");
  await resumeWaitingEvents(db, { ownerRef: hal.sub });
  assert.ok(
    await eventually(async () => (await conferencingOf(hal, "waits-for-relink"))?.join_url),
  );
  const told = await eventually(async () => {
    const found = notificationsFor("waits-for-relink");
    return found.length >= 2 ? found : undefined;
  });
  const types = told.map((n) => n.json.notification.type).sort();
  assert.deepEqual(types, ["conferencing_assigned", "conferencing_failing"]);
});

test("an event whose profile was removed fails with a relink URL; the same account reconnected keeps its meeting", async () => {
  const ivy = await calendarFor("ivy");
  const first = await linkZoom(ivy.sub, zoom.users.admin);
  await upsert(ivy, "survives-reconnect");
  const assigned = await eventually(async () => {
    const c = await conferencingOf(ivy, "survives-reconnect");
    return c?.join_url ? c : undefined;
  });
  await disconnect({ db, vault, provider }, first);
  await upsert(ivy, "survives-reconnect", { summary: "Moved session" });
  const failing = await eventually(async () => {
    const c = await conferencingOf(ivy, "survives-reconnect");
    return c?.failing ? c : undefined;
  });
  assert.match(String(failing.failing_reason), /was removed; connect it again/);
  assert.match(String(failing.profile_relink_url), /\/conferencing\/relink\?token=/);

  const again = await linkZoom(ivy.sub, zoom.users.admin);
  assert.notEqual(again, first, "a removed profile comes back as a new one");
  await resumeWaitingEvents(db, { ownerRef: ivy.sub });
  const after = await eventually(async () => {
    const c = await conferencingOf(ivy, "survives-reconnect");
    return c?.join_url && !c.failing ? c : undefined;
  });
  assert.equal(after.join_url, assigned.join_url, "the join link stays");
  const meetings = await zoom.control<{ join_url: string; topic: string }[]>(
    "GET",
    `/meetings?host_email=${encodeURIComponent(zoom.users.admin)}`,
  );
  const ours = meetings.filter((m) => m.join_url === assigned.join_url);
  assert.equal(ours.length, 1);
  assert.equal(ours[0]?.topic, "Moved session", "the same meeting was brought in step");
  assert.equal(meetings.length, 1, "no second meeting was made");
});

test("an event naming a removed profile by its id gets its meeting once the same Zoom account is connected again", async () => {
  const jo = await calendarFor("jo");
  const first = await linkZoom(jo.sub, zoom.users.other);
  await disconnect({ db, vault, provider }, first);
  await upsert(jo, "names-old-profile", { conferencing: { profile_id: first } });
  const failing = await eventually(async () => {
    const c = await conferencingOf(jo, "names-old-profile");
    return c?.failing ? c : undefined;
  });
  assert.match(String(failing.failing_reason), /was removed/);
  const again = await linkZoom(jo.sub, zoom.users.other);
  assert.notEqual(again, first);
  await resumeWaitingEvents(db, { ownerRef: jo.sub });
  const made = await eventually(async () => {
    const c = await conferencingOf(jo, "names-old-profile");
    return c?.join_url && !c.failing ? c : undefined;
  });
  assert.match(String(made.join_url), /^http/);
});
