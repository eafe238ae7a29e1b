import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";

const { zoom, api, calendarFor, linkZoom } = await startConferencingWorld();
const host = zoom.users.member;
const calendar = await calendarFor("ada");
await linkZoom(calendar.sub, host);

// One instant for the whole file: two upserts meant to be identical must not differ by the
// second that passed between them (that would be a real change, and rightly cost a call).
const now = Date.now();
const inAWeek = (minutes = 0) => new Date(now + 7 * 24 * 3600_000 + minutes * 60_000);
const utc = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function eventBody(eventId: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: eventId,
    summary: "Mentoring session",
    description: "Goals for the quarter",
    start: utc(inAWeek()),
    end: utc(inAWeek(45)),
    tzid: "Europe/London",
    conferencing: { profile_id: "default" },
    ...extra,
  };
}

const upsert = (body: Record<string, unknown>) =>
  api("POST", `/v1/calendars/${calendar.calendarId}/events`, { token: calendar.token, body });

async function readEvent(eventId: string, extra = "") {
  const reply = await api("GET", `/v1/events?tzid=Etc/UTC&include_managed=true${extra}`, {
    token: calendar.token,
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body.events as Record<string, unknown>[]).find((e) => e.event_id === eventId);
}

const conferencingOf = async (eventId: string) =>
  (await readEvent(eventId))?.conferencing as Record<string, unknown> | undefined;

const assigned = (eventId: string) =>
  eventually(
    async () => {
      const c = await conferencingOf(eventId);
      return c?.join_url ? c : undefined;
    },
    15_000,
    `a join link on ${eventId}`,
  );

const zoomMeetings = () =>
  zoom.control<
    {
      id: number;
      topic: string;
      start_time: string;
      duration: number;
      agenda: string;
      join_url: string;
    }[]
  >("GET", `/meetings?host_email=${encodeURIComponent(host)}`);

const meetingCalls = async () => (await zoom.calls()).filter((c) => c.path.includes("/meetings"));

test("an event with conferencing is answered 202 at once and reads pending until the worker has made the meeting", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    delay_ms: 1500,
    times: 1,
  });
  const reply = await upsert(eventBody("pending-then-assigned"));
  assert.equal(reply.status, 202);
  // Zoom holds the create for 1.5 s: a read right after the 202 sees no meeting yet, so the
  // API answered without waiting for Zoom.
  assert.deepEqual(await conferencingOf("pending-then-assigned"), { pending: true });
  const conferencing = await assigned("pending-then-assigned");
  assert.equal(conferencing.provider_name, "zoom");
  assert.match(String(conferencing.join_url), /^https?:\/\//);
  assert.equal(conferencing.start_url, undefined, "the host's start link is never shown");
  const meeting = (await zoomMeetings()).find((m) => m.join_url === conferencing.join_url);
  assert.ok(meeting, "the meeting exists in Zoom");
  assert.equal(meeting.topic, "Mentoring session");
  assert.equal(meeting.duration, 45);
});

test("a new start, end, summary or time zone updates the same meeting: the join link stays, one call each time", async () => {
  await upsert(eventBody("reschedule"));
  const first = await assigned("reschedule");
  await zoom.control("DELETE", "/calls");
  await upsert(
    eventBody("reschedule", {
      summary: "Moved session",
      start: utc(inAWeek(60)),
      end: utc(inAWeek(90)),
    }),
  );
  await eventually(async () => (await zoomMeetings()).some((m) => m.topic === "Moved session"));
  assert.equal((await conferencingOf("reschedule"))?.join_url, first.join_url);
  const calls = await meetingCalls();
  assert.deepEqual(
    calls.map((c) => c.method),
    ["PATCH"],
    "one update, no create",
  );
  const moved = (await zoomMeetings()).find((m) => m.topic === "Moved session");
  assert.equal(moved?.duration, 30);
});

test("an upsert that changes nothing Zoom shows costs no call to Zoom", async () => {
  await upsert(eventBody("unchanged"));
  await assigned("unchanged");
  await zoom.control("DELETE", "/calls");
  await upsert(eventBody("unchanged", { location: { description: "Room 4" } }));
  await eventually(async () => (await readEvent("unchanged"))?.location);
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.deepEqual(await meetingCalls(), []);
});

test("rapid successive upserts of one event collapse into its final state: one create, one update, however many upserts", async () => {
  await zoom.control("DELETE", "/calls");
  // Zoom takes its time over the first create, as it may: every later upsert lands meanwhile
  // (eleven quick requests, with seconds to spare on a busy machine).
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    delay_ms: 5000,
    times: 1,
  });
  for (let i = 0; i < 10; i++) {
    assert.equal((await upsert(eventBody("burst", { summary: `Draft ${i}` }))).status, 202);
  }
  await upsert(eventBody("burst", { summary: "Final title", start: utc(inAWeek(15)) }));
  await eventually(async () => (await zoomMeetings()).some((m) => m.topic === "Final title"));
  await new Promise((resolve) => setTimeout(resolve, 500));
  const calls = await meetingCalls();
  assert.equal(calls.filter((c) => c.method === "POST").length, 1, "one meeting made");
  assert.equal(
    calls.filter((c) => c.method === "PATCH").length,
    1,
    "one update to the final state",
  );
  const burst = (await zoomMeetings()).filter((m) => /Draft|Final title/.test(m.topic));
  assert.equal(burst.length, 1);
  assert.equal(burst[0]?.start_time, (await readEvent("burst"))?.start);
});

test("an upsert without conferencing leaves the event's meeting as it is", async () => {
  await upsert(eventBody("keep"));
  const first = await assigned("keep");
  const { conferencing: _omitted, ...withoutConferencing } = eventBody("keep", {
    summary: "Renamed",
  });
  assert.equal((await upsert(withoutConferencing)).status, 202);
  await eventually(async () => (await zoomMeetings()).some((m) => m.topic === "Renamed"));
  assert.equal((await conferencingOf("keep"))?.join_url, first.join_url);
});

test("deleting the event deletes its meeting in Zoom", async () => {
  await upsert(eventBody("cancelled"));
  const { join_url } = await assigned("cancelled");
  const reply = await api("DELETE", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: { event_id: "cancelled" },
  });
  assert.equal(reply.status, 202);
  await eventually(async () => !(await zoomMeetings()).some((m) => m.join_url === join_url));
  assert.equal(await readEvent("cancelled"), undefined);
  const deleted = await readEvent("cancelled", "&include_deleted=true");
  assert.equal(deleted?.deleted, true);
  assert.equal(deleted?.conferencing, undefined, "a cancelled event offers no meeting to join");
});

test("explicit conferencing is stored as given and never reaches Zoom", async () => {
  await zoom.control("DELETE", "/calls");
  await upsert(
    eventBody("explicit", {
      conferencing: {
        profile_id: "explicit",
        provider_description: "Our own video room",
        join_url: "https://video.example/room/42",
      },
    }),
  );
  assert.deepEqual(await conferencingOf("explicit"), {
    provider_name: "explicit",
    provider_description: "Our own video room",
    join_url: "https://video.example/room/42",
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(await meetingCalls(), []);
});

test("an event in the past is stored as Cronofy stores it, and no meeting is made for it", async () => {
  const past = new Date(Date.now() - 3600_000);
  const calls = (await meetingCalls()).length;
  const reply = await upsert(
    eventBody("in-the-past", { start: utc(past), end: utc(new Date(past.getTime() + 1800_000)) }),
  );
  assert.equal(reply.status, 202);
  const event = await readEvent("in-the-past", "&from=2000-01-01");
  assert.ok(event, "the event is stored");
  const conferencing = event.conferencing as Record<string, unknown>;
  assert.match(String(conferencing.skipped_reason), /cannot be added to past events/);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal((await meetingCalls()).length, calls, "Zoom was not called");
});

test("a create whose reply was lost after Zoom made the meeting is found again, not made twice", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    drop_after_success: true,
    times: 1,
  });
  await upsert(eventBody("lost-reply", { summary: "Lost reply" }));
  const conferencing = await assigned("lost-reply");
  const made = (await zoomMeetings()).filter((m) => m.topic === "Lost reply");
  assert.equal(made.length, 1, "exactly one meeting");
  assert.equal(made[0]?.join_url, conferencing.join_url);
});
