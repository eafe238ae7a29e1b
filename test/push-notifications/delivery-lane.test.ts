import assert from "node:assert/strict";
import http from "node:http";
import { test } from "node:test";
import { sql } from "kysely";
import { callbackTimeouts } from "../../src/callbacks/post-callback.ts";
import { notifySubscribers } from "../../src/push-notifications/write-notifications.ts";
import { cleanup } from "../support/cleanup.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { startInProcessWorker } from "../support/in-process-worker.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";

// Held deliveries must stay held for the whole file, whatever the machine's speed: the lane's
// isolation is shown by what happens while they are in flight, not by how long anything takes.
callbackTimeouts.totalMs = 10 * 60_000;

const world = await startConferencingWorld({}, { inProcessWorker: false });
const { zoom, confab, api, calendarFor, linkZoom, db, registerApplication } = world;
// One slot for meeting work: were deliveries in the same lane, one held delivery would stop it.
await startInProcessWorker(confab, 1);

/** An endpoint that holds every request open until told to answer. */
async function startHoldingEndpoint() {
  const held: { response: http.ServerResponse; aborted: boolean }[] = [];
  const server = http.createServer((request, response) => {
    const entry = { response, aborted: false };
    request.resume();
    // Closed before it was answered: confab gave up on it.
    response.on("close", () => {
      if (!response.writableEnded) entry.aborted = true;
    });
    held.push(entry);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanup(async () => {
    for (const entry of held) if (!entry.response.writableEnded) entry.response.end();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/slow`,
    held,
    releaseAll() {
      for (const entry of held) if (!entry.response.writableEnded) entry.response.end();
    },
  };
}

const start = new Date(Date.now() + 3 * 24 * 3600_000);
const end = new Date(start.getTime() + 30 * 60_000);

function upsert(
  calendar: { calendarId: string; token: string },
  eventId: string,
  subscriptions: unknown[] = [],
) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: eventId,
      start: start.toISOString(),
      end: end.toISOString(),
      conferencing: { profile_id: "default" },
      subscriptions,
    },
  });
}

async function stateOf(calendar: { calendarId: string }, eventId: string) {
  const row = await db
    .selectFrom("events")
    .select(["conferencing_state", "id"])
    .where("calendar_id", "=", calendar.calendarId)
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return row;
}

/** Moves every waiting delivery to now, as if its wait (or its endpoint's pause) were over. */
async function stepDeliveriesToNow() {
  await sql`
    select graphile_worker.reschedule_jobs(
      array(select id from graphile_worker.jobs where key like 'notification:%'),
      run_at := now())
  `.execute(db);
}

test("meetings of another organization are made while an application's endpoint holds every delivery open", async () => {
  const slow = await startHoldingEndpoint();
  const hoarder = await calendarFor("hoarder");
  await linkZoom(hoarder.sub, zoom.users.member);
  const subscription = {
    type: "webhook",
    uri: slow.url,
    interactions: [{ type: "conferencing_assigned" }],
  };
  for (const id of ["h1", "h2", "h3"]) {
    assert.equal((await upsert(hoarder, id, [subscription])).status, 202);
  }
  await eventually(async () => slow.held.length >= 1, 15_000, "a delivery in flight");

  const other = await registerApplication();
  const quiet = await calendarFor("quiet", other);
  await linkZoom(quiet.sub, zoom.users.other);
  assert.equal((await upsert(quiet, "quiet-meeting")).status, 202);
  await eventually(
    async () => (await stateOf(quiet, "quiet-meeting"))?.conferencing_state === "assigned",
    30_000,
    "the other organization's meeting",
  );
  assert.ok(
    slow.held.every((entry) => !entry.aborted),
    "made while the deliveries were still held",
  );
  assert.equal(slow.held.length, 1, "one delivery at a time to one endpoint");

  slow.releaseAll();
  await eventually(
    async () => {
      slow.releaseAll();
      const delivered = await db
        .selectFrom("notifications")
        .select("id")
        .where("uri", "=", slow.url)
        .where("delivered_at", "is not", null)
        .execute();
      return delivered.length === 3;
    },
    30_000,
    "the three deliveries, one after another",
  );
});

test("an endpoint failing five times in a row is paused, its notifications wait without attempts, and one success closes it", async () => {
  const receiver = await startReceiver();
  const calendar = await calendarFor("breaker");
  await linkZoom(calendar.sub, zoom.users.owner);
  const subscription = {
    type: "webhook",
    uri: receiver.url,
    interactions: [{ type: "conferencing_assigned" }],
  };
  // Failing until told otherwise, whichever attempts (first tries or retries) come first.
  receiver.answers.push(...new Array(100).fill(500));
  for (const id of ["b1", "b2", "b3", "b4", "b5", "b6"]) {
    assert.equal((await upsert(calendar, id, [subscription])).status, 202);
  }
  const endpoint = await eventually(
    async () =>
      db
        .selectFrom("callback_endpoints")
        .selectAll()
        .where("endpoint", "=", new URL(receiver.url).origin)
        .where("paused_until", "is not", null)
        .executeTakeFirst(),
    30_000,
    "the endpoint paused",
  );
  assert.equal(endpoint.consecutive_failures, 5);
  assert.match(endpoint.last_error ?? "", /answered 500/);
  const pausedFor = (endpoint.paused_until as Date).getTime() - Date.now();
  assert.ok(pausedFor > 30_000, "a pause of about a minute");
  assert.equal(receiver.received.length, 5, "nothing is tried while the endpoint is paused");

  receiver.answers.length = 0;
  await db
    .updateTable("callback_endpoints")
    .set({ paused_until: sql`now()` })
    .where("endpoint", "=", endpoint.endpoint)
    .execute();
  await stepDeliveriesToNow();
  await eventually(
    async () => {
      const waiting = await db
        .selectFrom("notifications")
        .select("id")
        .where("uri", "=", receiver.url)
        .where("delivered_at", "is", null)
        .execute();
      if (waiting.length > 0) await stepDeliveriesToNow();
      return waiting.length === 0;
    },
    60_000,
    "every notification delivered once the endpoint answers",
  );
  const closed = await db
    .selectFrom("callback_endpoints")
    .selectAll()
    .where("endpoint", "=", endpoint.endpoint)
    .executeTakeFirstOrThrow();
  assert.equal(closed.consecutive_failures, 0);
  assert.equal(closed.paused_until, null);
  const perEvent = new Map<string, number>();
  for (const r of receiver.received) {
    const id = JSON.parse(r.body).event.event_id as string;
    perEvent.set(id, (perEvent.get(id) ?? 0) + 1);
  }
  assert.deepEqual([...perEvent.keys()].sort(), ["b1", "b2", "b3", "b4", "b5", "b6"]);
});

test("a newer notification supersedes an unsent one, and what is sent is the event as it is then, with its sequence", async () => {
  const receiver = await startReceiver();
  const calendar = await calendarFor("sequence");
  await linkZoom(calendar.sub, zoom.users.admin);
  const origin = new URL(receiver.url).origin;
  const application = await db
    .selectFrom("application_calendars")
    .select("application_id")
    .where("id", "=", calendar.calendarId)
    .executeTakeFirstOrThrow();
  // The endpoint is paused: what is written now waits.
  await db
    .insertInto("callback_endpoints")
    .values({
      application_id: application.application_id,
      endpoint: origin,
      consecutive_failures: 5,
      paused_until: sql`now() + interval '1 hour'`,
    })
    .onConflict((oc) =>
      oc
        .columns(["application_id", "endpoint"])
        .doUpdateSet({ paused_until: sql`now() + interval '1 hour'` }),
    )
    .execute();
  await upsert(calendar, "seq", [{ type: "webhook", uri: receiver.url }]);
  const event = await eventually(async () => {
    const row = await stateOf(calendar, "seq");
    return row?.conferencing_state === "assigned" ? row : undefined;
  });
  await notifySubscribers(db, event.id, "failing");
  await notifySubscribers(db, event.id, "assigned");
  const rows = await db
    .selectFrom("notifications")
    .selectAll()
    .where("event_id", "=", event.id)
    .orderBy("sequence")
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.type, r.sequence, r.superseded_at !== null]),
    [
      ["conferencing_assigned", "1", true],
      ["conferencing_failing", "2", true],
      ["conferencing_assigned", "3", false],
    ],
  );

  // The live notification's delivery has found the pause and waits for it, and none is mid-run,
  // where moving the waiting jobs would miss it. (A superseded one's delivery may already have
  // run and ended: it sends nothing.)
  const keys = rows.map((r) => `notification:${r.id}`);
  const live = `notification:${rows[2]?.id}`;
  await eventually(
    async () => {
      const { rows: jobs } = await sql<{ pausedLive: number; running: number }>`
      select count(*) filter (where key = ${live} and locked_at is null and run_at > now())::int
               as "pausedLive",
             count(*) filter (where locked_at is not null)::int as running
      from graphile_worker.jobs where key = any(${keys}::text[])`.execute(db);
      return jobs[0]?.running === 0 && jobs[0]?.pausedLive === 1;
    },
    30_000,
    "the live delivery waiting for the pause",
  );
  await db
    .updateTable("callback_endpoints")
    .set({ paused_until: null, consecutive_failures: 0 })
    .where("endpoint", "=", origin)
    .execute();
  await stepDeliveriesToNow();
  const delivery = await eventually(async () => receiver.received[0], 30_000, "the delivery");
  const json = JSON.parse(delivery.body);
  assert.equal(json.notification.type, "conferencing_assigned");
  assert.equal(json.notification.sequence, 3);
  assert.match(json.event.conferencing.join_url, /^https?:\/\//);
  await stepDeliveriesToNow();
  await untilNoJobsLeft(
    db,
    { keys: rows.map((r) => `notification:${r.id}`) },
    "the superseded notifications' jobs",
  );
  assert.equal(receiver.received.length, 1, "the superseded ones are never sent");
});

test("an org admin sees each endpoint's state and the latest deliveries, sends a test notification, and pins where notifications may go", async () => {
  const receiver = await startReceiver();
  const application = await registerApplication();
  const { browser, page } = await world.applicationAdmin(
    application,
    "hooks-admin@scheduling.example",
  );
  assert.match((await browser.get(page)).body, /No notification has been sent yet/);

  const refused = await browser.post(`${page}/test-notification`, {
    uri: "https://10.0.0.1/hooks",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /10\.0\.0\.1, a private address/);
  const sent = await browser.post(`${page}/test-notification`, { uri: `${receiver.url}?k=secret` });
  assert.equal(sent.status, 303);
  assert.equal(sent.location, `${page}?done=test`);
  const delivery = await eventually(async () => receiver.received[0], 30_000, "the test delivery");
  assert.deepEqual(JSON.parse(delivery.body), { notification: { type: "verification" } });
  assert.ok(delivery.headers["confab-signature"]);
  const after = await eventually(async () => {
    const body = (await browser.get(page)).body;
    return /Delivered/.test(body) ? body : undefined;
  });
  assert.match(after, /Answering/);
  assert.match(after, /verification/);
  assert.doesNotMatch(after, /k=secret/, "the query of a uri is never shown");

  const badOrigins = await browser.post(`${page}/callback-origins`, {
    callback_origins: "https://hooks.example.com/path\nhttps://10.0.0.1",
  });
  assert.equal(badOrigins.status, 400);
  assert.match(badOrigins.body, /without the path \/path/);
  assert.match(badOrigins.body, /private address/);
  const pinned = await browser.post(`${page}/callback-origins`, {
    callback_origins: "https://hooks.example.com",
  });
  assert.equal(pinned.status, 303);
  const calendar = await calendarFor("pinned", application);
  const outside = await upsert(calendar, "pinned-event", [{ type: "webhook", uri: receiver.url }]);
  assert.equal(outside.status, 422);
  const errors = outside.body.errors as Record<string, { description: string }[]>;
  assert.match(errors.subscriptions?.[0]?.description ?? "", /https:\/\/hooks\.example\.com/);
  const inside = await upsert(calendar, "pinned-event", [
    { type: "webhook", uri: "https://hooks.example.com/cronofy" },
  ]);
  assert.equal(inside.status, 202);
});
