import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../../support/conferencing-world.ts";
import {
  conferencingStates,
  eventBody,
  meetingsPerEvent,
  upsertEvents,
} from "../../support/event-outcomes.ts";

// Zoom calls give up after a second, so that an unanswered Zoom is a timeout, not a wait.
const { zoom, api, calendarFor, linkZoom, db } = await startConferencingWorld({
  ZOOM_TIMEOUT_MS: "1000",
});
const receiver = await startReceiver();
const subscriptions = [
  {
    type: "webhook",
    uri: receiver.url,
    interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
  },
];
const notifications = (eventId: string) =>
  receiver.received
    .map((r) => ({ ...JSON.parse(r.body), at: r.at }))
    .filter((body) => body.event.event_id === eventId)
    .map((body) => ({ type: body.notification.type as string, at: body.at as number }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Zoom fails every call for a while: first with 5xx, then by not answering in time. */
async function outage(seconds: number) {
  await zoom.control("POST", "/faults", {
    match: { path: "/v2/*" },
    status: 503,
    message: "Service Unavailable",
    times: 1_000_000,
  });
  await pause((seconds * 1000) / 2);
  await zoom.control("DELETE", "/faults");
  await zoom.control("POST", "/faults", {
    match: { path: "/v2/*" },
    delay_ms: 2500,
    times: 1_000_000,
  });
  await pause((seconds * 1000) / 2);
  await zoom.control("DELETE", "/faults");
}

const pendingProvisioning = async () =>
  Number(
    (
      await sql<{ count: number }>`
        select count(*)::int as count from graphile_worker.jobs
        where task_identifier = 'conferencing:provision_meeting'`.execute(db)
    ).rows[0]?.count,
  );

test("through two Zoom outages (5xx, then timeouts) every event ends assigned with one meeting, told at most once per outage that it fails, and no notification is lost", {
  timeout: 900_000,
}, async () => {
  const calendar = await calendarFor("outage");
  await linkZoom(calendar.sub, zoom.users.member);
  const eventIds = Array.from({ length: 12 }, (_, n) => `outage-${n}`);
  const settled = async () =>
    (await conferencingStates(db, eventIds)).assigned === eventIds.length &&
    (await pendingProvisioning()) === 0;

  // First outage: the events are new, their meetings cannot be made.
  const first = outage(40);
  await upsertEvents(api, calendar, eventIds, { subscriptions });
  await first;
  await eventually(settled, 300_000, "every event assigned after the first outage");

  // Second outage: the events are rescheduled, their meetings cannot be updated.
  const second = outage(40);
  for (const eventId of eventIds) {
    const body = eventBody(eventId, { subscriptions });
    const later = (iso: string) => new Date(Date.parse(iso) + 3_600_000).toISOString();
    const reply = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
      token: calendar.token,
      body: { ...body, start: later(body.start), end: later(body.end) },
    });
    assert.equal(reply.status, 202);
  }
  await second;
  await eventually(settled, 300_000, "every event assigned after the second outage");
  const undelivered = async () =>
    Number(
      (
        await db
          .selectFrom("notifications")
          .select((eb) => eb.fn.countAll<number>().as("count"))
          .where("delivered_at", "is", null)
          .executeTakeFirstOrThrow()
      ).count,
    );
  await eventually(async () => (await undelivered()) === 0, 120_000, "every notice delivered");

  for (const eventId of eventIds) {
    const told = notifications(eventId).map((n) => n.type);
    // Failing is told once when an outage starts to matter, assigned once it is over: never
    // twice in a row, at most once per outage, and the last word is that it is assigned.
    assert.ok(told.filter((type) => type === "conferencing_failing").length <= 2, told.join());
    assert.ok(
      told.every((type, n) => n === 0 || type !== told[n - 1]),
      `${eventId}: ${told.join()}`,
    );
    assert.equal(told.at(-1), "conferencing_assigned", `${eventId}: ${told.join()}`);
  }
  // Every notification written was received, once.
  const written = await db.selectFrom("notifications").select("id").execute();
  assert.equal(receiver.received.length, written.length);
  const perEvent = await meetingsPerEvent(zoom.control);
  assert.equal(perEvent.size, eventIds.length);
  for (const [marker, count] of perEvent) assert.equal(count, 1, `${marker} has ${count} meetings`);
  // The reschedule reached Zoom: every meeting starts at the later time.
  const meetings = await zoom.control<{ start_time: string }[]>("GET", "/meetings");
  const expected = new Date(Date.parse(eventBody("x").start) + 3_600_000).toISOString();
  for (const meeting of meetings) assert.equal(meeting.start_time, expected.replace(".000Z", "Z"));
});
