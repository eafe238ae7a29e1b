import assert from "node:assert/strict";
import { test } from "node:test";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { at, programSeries } from "../support/program-series.ts";

/**
 * One meeting of a series moved or deleted in Zoom's own interface ("edit this occurrence") is
 * shown on that meeting, and confab never sends its own time back over it unasked: its organizer
 * keeps Zoom's change (confab follows, nothing is sent to Zoom) or restores confab's time (one
 * change of that occurrence in Zoom). The series and its join link go on either way.
 */
const world = await startConferencingWorld();
const { db, zoom } = world;
const mail = await useMailCatcher();
const { acme } = await organizationWithZoom(world);
const { mentee } = acme.users;
/** Tuesdays and Thursdays at 10:00 in New York, 4 times from Tuesday 4 March 2031, on Zoom. */
const series = await programSeries(world, acme, { count: 4, zoomWebhooks: true });
const { calls: zoomCalls, zoomSeries, settled, signedInAs } = series;
const invitee = await signedInAs(mentee.email);

/** The series' second meeting: Thursday 6 March 2031, 10:00 in New York. */
const second = at("2031-03-06T15:00:00Z");

/** A Zoom series made from the meeting form, once Zoom has it and its invitation is sent. */
async function seriesMade(title: string) {
  const { browser: organizer, page, eventId } = await series.seriesMade(title);
  const atZoom = await zoomSeries(title);
  assert.ok(atZoom, "Zoom has the series");
  return { organizer, page, eventId, zoomId: atZoom.id };
}

/** The owner moves the second meeting alone in Zoom's own interface; the webhook reaches confab. */
async function moveSecondInZoom(zoomId: number, eventId: string) {
  const { webhooks } = await zoom.control<{ webhooks: { status: number }[] }>(
    "PATCH",
    `/meetings/${zoomId}?occurrence_id=${second}`,
    { start_time: "2031-03-07T14:00:00", timezone: "America/New_York", duration: 60 },
  );
  assert.deepEqual(
    webhooks.map((w) => w.status),
    [200],
  );
  await settled(eventId);
}

/** The `<li>` of the second meeting in the meeting page's list. */
const secondItem = (page: string) =>
  new RegExp(`<li data-occurrence="${second}"[^>]*>(.*?)</li>`, "s").exec(page)?.[1] ?? "";

const occurrenceRow = (eventId: string) =>
  db
    .selectFrom("event_occurrences")
    .selectAll()
    .where("event_id", "=", eventId)
    .where("occurrence_id", "=", second)
    .executeTakeFirstOrThrow();

const updatesTo = (eventId: string) =>
  mail
    .messagesTo(mentee.email)
    .filter((m: CaughtMessage) => m.calendars.some((c) => c.content.includes(eventId)));

test("one meeting of a series moved in Zoom's interface is shown on that meeting: its organizer is offered both times, everyone else is told", async () => {
  const { organizer, page, eventId, zoomId } = await seriesMade("Moved one in Zoom");
  await moveSecondInZoom(zoomId, eventId);

  const shown = (await organizer.get(page)).body;
  const item = secondItem(shown);
  assert.match(item, /data-occurrence-changed-at-provider="moved"/);
  assert.match(item, /moved in Zoom to <strong>.*Fri, 7 Mar 2031, 14:00.*<\/strong> \(1 hour\)/s);
  assert.match(item, /Keep Zoom&#39;s time/);
  assert.match(item, /Restore confab&#39;s time/);
  assert.equal(
    shown.match(/data-occurrence-changed-at-provider/g)?.length,
    1,
    "only that meeting of the series",
  );
  assert.doesNotMatch(shown, /data-changed-at-provider/, "the series itself did not change");
  assert.equal((await occurrenceRow(eventId)).status, "scheduled", "confab has its own time");

  const told = secondItem((await invitee.get(page)).body);
  assert.match(told, /This meeting was moved in Zoom to/);
  assert.match(told, /the meeting's organizer decides which one stands/);
  assert.doesNotMatch(told, /Keep Zoom/);
  const refused = await invitee.post(`${page}/occurrences/${second}/changed-in-zoom/keep`);
  assert.equal(refused.status, 403, "only those who may change the meeting decide");

  // Changing that meeting in confab would send confab's time over Zoom's unasked: refused.
  const over = await organizer.post(`${page}/occurrences/${second}/change`, {
    date: "2031-03-08",
    time: "09:00",
    duration: "45",
  });
  assert.equal(over.status, 409);
  assert.match(over.body, /keep Zoom&#39;s change or restore confab&#39;s first/);
});

test("keeping Zoom's time moves that meeting in confab and updates the invitation by RECURRENCE-ID, with no call to Zoom", async () => {
  const { organizer, page, eventId, zoomId } = await seriesMade("Kept one from Zoom");
  await moveSecondInZoom(zoomId, eventId);
  const mailsBefore = updatesTo(eventId).length;
  const callsBefore = (await zoomCalls()).length;

  const kept = await organizer.post(`${page}/occurrences/${second}/changed-in-zoom/keep`);
  assert.equal(kept.status, 303);
  assert.equal(kept.location, `${page}?saved=changed`);
  await settled(eventId);
  assert.equal((await zoomCalls()).length, callsBefore, "nothing was sent to Zoom");

  const row = await occurrenceRow(eventId);
  assert.equal(row.status, "moved");
  assert.equal(row.start_at.toISOString(), "2031-03-07T19:00:00.000Z");
  assert.equal(row.duration_minutes, 60);
  assert.equal(row.changed_at_provider, null);
  const shown = (await organizer.get(page)).body;
  assert.doesNotMatch(shown, /data-occurrence-changed-at-provider/);
  assert.match(shown, new RegExp(`data-occurrence="${second}" data-status="moved"`));

  const update = await eventually(async () =>
    updatesTo(eventId)
      .slice(mailsBefore)
      .find((m) => m.calendars.some((c) => c.content.includes("RECURRENCE-ID"))),
  );
  const content = update.calendars[0]?.content ?? "";
  assert.match(content, /\r\nRECURRENCE-ID;TZID=America\/New_York:20310306T100000\r\n/);
  assert.match(content, /\r\nDTSTART;TZID=America\/New_York:20310307T140000\r\n/);
  const atZoom = (await zoomSeries("Kept one from Zoom"))?.occurrences?.find(
    (o) => o.occurrence_id === second,
  );
  assert.equal(atZoom?.start_time, "2031-03-07T19:00:00Z", "Zoom keeps the time it was given");
});

test("restoring confab's time sends exactly one change of that Zoom occurrence", async () => {
  const { organizer, page, eventId, zoomId } = await seriesMade("Restored one to confab");
  await moveSecondInZoom(zoomId, eventId);
  const callsBefore = (await zoomCalls()).length;

  const restored = await organizer.post(`${page}/occurrences/${second}/changed-in-zoom/restore`);
  assert.equal(restored.status, 303);
  assert.equal(restored.location, page);
  await settled(eventId);

  const writes = (await zoomCalls())
    .slice(callsBefore)
    .filter((c) => c.method !== "GET" && c.path.startsWith("/v2"));
  assert.equal(writes.length, 1, "one call changes Zoom");
  assert.equal(writes[0]?.method, "PATCH");
  assert.equal(new URLSearchParams(writes[0]?.query).get("occurrence_id"), second);
  const atZoom = (await zoomSeries("Restored one to confab"))?.occurrences?.find(
    (o) => o.occurrence_id === second,
  );
  assert.equal(atZoom?.start_time, "2031-03-06T15:00:00Z");
  assert.equal(atZoom?.duration, 45);
  // Zoom's notice of confab's own change is not taken for another change made in Zoom.
  const row = await occurrenceRow(eventId);
  assert.equal(row.changed_at_provider, null);
  assert.equal(row.status, "scheduled");
  assert.doesNotMatch((await organizer.get(page)).body, /data-occurrence-changed-at-provider/);
});

test("one meeting deleted in Zoom's interface is shown as cancelled there; keeping it cancels it in confab with an EXDATE, and it cannot be restored", async () => {
  const { organizer, page, eventId, zoomId } = await seriesMade("Deleted one in Zoom");
  const { webhooks } = await zoom.control<{ webhooks: { status: number }[] }>(
    "DELETE",
    `/meetings/${zoomId}?occurrence_id=${second}`,
  );
  assert.deepEqual(
    webhooks.map((w) => w.status),
    [200],
  );
  await settled(eventId);

  const shown = (await organizer.get(page)).body;
  assert.match(shown, /data-join-url>/, "the series and its join link go on");
  const item = secondItem(shown);
  assert.match(item, /data-occurrence-changed-at-provider="deleted"/);
  assert.match(item, /This meeting was cancelled in Zoom/);
  assert.match(item, /Keep it cancelled/);
  assert.match(item, /Zoom cannot bring back one meeting of a series once it is deleted there/);
  assert.match(item, /Make a separate meeting/);
  assert.doesNotMatch(item, /Restore confab/);

  const restore = await organizer.post(`${page}/occurrences/${second}/changed-in-zoom/restore`);
  assert.equal(restore.status, 409);
  assert.match(restore.body, /Zoom cannot bring back one meeting of a series/);

  const mailsBefore = updatesTo(eventId).length;
  const callsBefore = (await zoomCalls()).length;
  const kept = await organizer.post(`${page}/occurrences/${second}/changed-in-zoom/keep`);
  assert.equal(kept.status, 303);
  await settled(eventId);
  assert.equal((await zoomCalls()).length, callsBefore, "nothing was sent to Zoom");

  const row = await occurrenceRow(eventId);
  assert.equal(row.status, "cancelled");
  assert.equal(row.changed_at_provider, null);
  const after = (await organizer.get(page)).body;
  assert.match(after, new RegExp(`data-occurrence="${second}" data-status="cancelled"`));
  assert.doesNotMatch(after, /data-occurrence-changed-at-provider/);
  const update = await eventually(async () =>
    updatesTo(eventId)
      .slice(mailsBefore)
      .find((m) => m.calendars.some((c) => c.content.includes("EXDATE"))),
  );
  assert.match(update.calendars[0]?.content ?? "", /\r\nEXDATE:20310306T150000Z\r\n/);
});
