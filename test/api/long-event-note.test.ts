import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";

/**
 * Zoom schedules a meeting for at most 24 hours (1440 minutes). An event longer than that gets a
 * Zoom meeting of 24 hours, and the event as the application reads it says so, rather than
 * leaving it to find a meeting shorter than its event.
 */
const { zoom, api, calendarFor, linkZoom } = await startConferencingWorld();
const calendar = await calendarFor("long-events");
await linkZoom(calendar.sub, zoom.users.member);
const day = 86_400_000;
const start = Date.now() + 7 * day;
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const note =
  "Zoom schedules a meeting for at most 24 hours, so this Zoom meeting is scheduled for the first 24 hours of the event; its link works for the whole event.";

async function madeEvent(eventId: string, lengthMs: number) {
  const upserted = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: "Course",
      start: utc(start),
      end: utc(start + lengthMs),
      tzid: "Etc/UTC",
      conferencing: { profile_id: "default" },
    },
  });
  assert.equal(upserted.status, 202, JSON.stringify(upserted.body));
  return eventually(
    async () => {
      const read = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
        token: calendar.token,
      });
      const event = (
        read.body.events as { event_id: string; conferencing?: Record<string, unknown> }[]
      ).find((e) => e.event_id === eventId);
      return event?.conferencing?.join_url ? event.conferencing : undefined;
    },
    30_000,
    `the meeting of ${eventId}`,
  );
}

const sandboxDuration = async (meetingId: unknown) =>
  (await zoom.control<{ id: unknown; duration: number }[]>("GET", "/meetings")).find(
    (m) => String(m.id) === String(meetingId),
  )?.duration;

test("a 31-day event gets a 24-hour Zoom meeting, and its conferencing says so", async () => {
  const conferencing = await madeEvent("course-31-days", 31 * day);
  assert.equal(conferencing.provider_name, "zoom");
  assert.equal(conferencing.provider_note, note);
  assert.equal(await sandboxDuration(conferencing.meeting_id), 1440);
});

test("an event of 24 hours or less reads back without a note", async () => {
  const hour = await madeEvent("session-1-hour", 3600_000);
  assert.equal(hour.provider_note, undefined);
  assert.equal(await sandboxDuration(hour.meeting_id), 60);
  const whole = await madeEvent("day-24-hours", day);
  assert.equal(whole.provider_note, undefined);
  assert.equal(await sandboxDuration(whole.meeting_id), 1440);
});
