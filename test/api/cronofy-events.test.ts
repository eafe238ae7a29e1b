import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";

// Each test reads back after every write, faster than an application polls: above its rates.
const { zoom, confab, db, api, calendarFor, linkZoom } = await startConferencingWorld({
  CONFAB_API_RATE: "1000/s,10000/min",
  CONFAB_API_CALENDAR_RATE: "1000/s,10000/min",
});
const host = zoom.users.member;
const calendar = await calendarFor("cronofy-events");
await linkZoom(calendar.sub, host);

const now = Date.now();
const day = 24 * 3600_000;
const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

const upsert = (body: Record<string, unknown>, token = calendar.token) =>
  api("POST", `/v1/calendars/${calendar.calendarId}/events`, { token, body });

function eventBody(eventId: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: eventId,
    summary: "Mentoring session",
    description: "Goals for the quarter",
    start: utc(now + 7 * day),
    end: utc(now + 7 * day + 3600_000),
    tzid: "Europe/London",
    ...extra,
  };
}

async function read(query: string) {
  const reply = await api("GET", `/v1/events?${query}`, { token: calendar.token });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return reply.body.events as Record<string, unknown>[];
}

const readEvent = async (eventId: string) =>
  (await read("tzid=Etc/UTC&include_managed=true")).find((e) => e.event_id === eventId);

const meetingCreates = async () =>
  (await zoom.calls()).filter((c) => c.method === "POST" && c.path.endsWith("/meetings")).length;

test("reads take booleans and arrays in every spelling Cronofy's SDKs send", async () => {
  assert.equal((await upsert(eventBody("spellings"))).status, 202);
  for (const flag of ["true", "True", "TRUE", "1"]) {
    const events = await read(`tzid=Etc/UTC&include_managed=${flag}`);
    assert.ok(
      events.some((e) => e.event_id === "spellings"),
      `include_managed=${flag} includes it`,
    );
  }
  for (const flag of ["false", "False", "0"]) {
    assert.deepEqual(await read(`tzid=Etc/UTC&include_managed=${flag}`), []);
  }
  const own = encodeURIComponent(calendar.calendarId);
  for (const ids of [
    `calendar_ids[]=${own}`,
    `calendar_ids=${own}`,
    `calendar_ids=cal_other&calendar_ids=${own}`,
  ]) {
    const events = await read(`tzid=Etc/UTC&include_managed=True&${ids}`);
    assert.ok(
      events.some((e) => e.event_id === "spellings"),
      ids,
    );
  }
  assert.deepEqual(await read("tzid=Etc/UTC&include_managed=True&calendar_ids[]=cal_other"), []);
  const onlyManaged = await read("tzid=Etc/UTC&only_managed=True");
  assert.ok(
    onlyManaged.some((e) => e.event_id === "spellings"),
    "only_managed includes it",
  );
  const refused = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=maybe", {
    token: calendar.token,
  });
  assert.equal(refused.status, 422);
  assert.ok((refused.body.errors as Record<string, unknown>).include_managed);
});

test("a read without from and to spans all of time, and last_modified keeps what changed since", async () => {
  await upsert(
    eventBody("two-years-ahead", {
      start: utc(now + 730 * day),
      end: utc(now + 730 * day + 3600_000),
    }),
  );
  await upsert(
    eventBody("two-years-back", {
      start: utc(now - 730 * day),
      end: utc(now - 730 * day + 3600_000),
    }),
  );
  const all = (await read("tzid=Etc/UTC&include_managed=true")).map((e) => e.event_id);
  assert.ok(all.includes("two-years-ahead"));
  assert.ok(all.includes("two-years-back"));
  const windowed = (
    await read(`tzid=Etc/UTC&include_managed=true&from=${utc(now)}&to=${utc(now + 30 * day)}`)
  ).map((e) => e.event_id);
  assert.ok(!windowed.includes("two-years-ahead"));
  assert.ok(windowed.includes("spellings"));

  const changed = await db
    .selectFrom("events")
    .select((eb) => eb.fn.max("updated_at").as("latest"))
    .executeTakeFirstOrThrow();
  const since = new Date(new Date(changed.latest as Date).getTime() + 1000);
  await eventually(async () => Date.now() > since.getTime() + 10);
  await upsert(eventBody("spellings", { description: "Changed" }));
  const modified = await read(
    `tzid=Etc/UTC&include_managed=true&last_modified=${utc(since.getTime())}`,
  );
  assert.deepEqual(
    modified.map((e) => e.event_id),
    ["spellings"],
  );
});

test("an event whose start has passed is stored and answered 202, with no meeting made and the reason read back", async () => {
  const creates = await meetingCreates();
  const reply = await upsert(
    eventBody("already-started", {
      start: utc(now - 10 * 60_000),
      end: utc(now + 50 * 60_000),
      conferencing: { profile_id: "default" },
    }),
  );
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  const event = await readEvent("already-started");
  assert.ok(event, "the event is stored");
  const conferencing = event.conferencing as Record<string, unknown>;
  assert.equal(conferencing.join_url, undefined);
  assert.match(String(conferencing.skipped_reason), /cannot be added to past events/);
  assert.equal(event.meeting_url, undefined);
  assert.equal(await meetingCreates(), creates, "Zoom was not asked for a meeting");
});

test("a running meeting's booking re-sent unchanged with a new description keeps its join link and updates Zoom", async () => {
  const body = eventBody("running", { conferencing: { profile_id: "default" } });
  await upsert(body);
  const first = await eventually(async () => {
    const c = (await readEvent("running"))?.conferencing as Record<string, unknown> | undefined;
    return c?.join_url ? c : undefined;
  });
  // The meeting has begun: the application reports its real start, and sends the booking again.
  const reply = await upsert({
    ...body,
    start: utc(now - 5 * 60_000),
    end: utc(now + 55 * 60_000),
    description: "Notes taken during the call",
  });
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  await eventually(async () => {
    const meetings = await zoom.control<{ id: number; agenda: string }[]>(
      "GET",
      `/meetings?host_email=${encodeURIComponent(host)}`,
    );
    return (
      meetings
        .find((m) => String(m.id) === String(first.meeting_id))
        ?.agenda.startsWith("Notes taken during the call") === true
    );
  });
  const event = await readEvent("running");
  const after = event?.conferencing as Record<string, unknown>;
  assert.equal(after.join_url, first.join_url);
  assert.equal(after.skipped_reason, undefined);
  assert.equal(event?.meeting_url, first.join_url);
});

test("every documented detail of an upsert is stored and read back as given", async () => {
  const reply = await upsert(
    eventBody("detailed", {
      url: "https://example.com/bookings/42",
      transparency: "transparent",
      color: "#49BED8",
      event_private: true,
      reminders: [{ minutes: 30 }, { minutes: 1440 }],
      location: { description: "Board room", lat: "51.5072", long: "-0.1276" },
      attendees: {
        invite: [
          { email: "ada@example.com", display_name: "Ada" },
          { email: "bob@example.com", display_name: "Bob" },
          { email: "cy@example.com" },
        ],
      },
    }),
  );
  assert.equal(reply.status, 202, JSON.stringify(reply.body));
  const event = await readEvent("detailed");
  assert.equal(event?.url, "https://example.com/bookings/42");
  assert.equal(event?.transparency, "transparent");
  assert.equal(event?.color, "#49BED8");
  assert.equal(event?.event_private, true);
  assert.deepEqual(event?.reminders, [{ minutes: 30 }, { minutes: 1440 }]);
  assert.deepEqual(event?.location, { description: "Board room", lat: "51.5072", long: "-0.1276" });

  await upsert(
    eventBody("detailed", {
      reminders: [{ minutes: 5 }],
      reminders_create_only: true,
      attendees: { reject: [{ email: "bob@example.com" }], remove: [{ email: "CY@example.com" }] },
    }),
  );
  const again = await readEvent("detailed");
  assert.deepEqual(again?.reminders, [{ minutes: 30 }, { minutes: 1440 }], "reminders_create_only");
  assert.equal(again?.transparency, "transparent", "details not named are kept");
  assert.deepEqual(
    ((again?.attendees ?? []) as { email: string }[]).map((a) => a.email),
    ["ada@example.com"],
  );
});

test("recurrence and fields outside Cronofy's upsert are refused by name, and nothing is stored", async () => {
  const before = await countRows(db, "events");
  const recurring = await upsert(
    eventBody("weekly", { recurrence: { rules: [{ frequency: "weekly" }] }, colour: "#ffffff" }),
  );
  assert.equal(recurring.status, 422);
  const errors = recurring.body.errors as Record<string, { key: string; description: string }[]>;
  assert.equal(errors.recurrence?.[0]?.key, "errors.not_supported");
  assert.match(String(errors.recurrence?.[0]?.description), /recurring/);
  assert.equal(errors.colour?.[0]?.key, "errors.unknown");
  assert.equal(await countRows(db, "events"), before);
});

test("all-day events and every time form the SDKs write are stored and read back", async () => {
  const allDay = await upsert(
    eventBody("company-retreat", { start: "2031-09-06", end: "2031-09-08", tzid: "Europe/Paris" }),
  );
  assert.equal(allDay.status, 202, JSON.stringify(allDay.body));
  const retreat = await readEvent("company-retreat");
  assert.equal(retreat?.start, "2031-09-06");
  assert.equal(retreat?.end, "2031-09-08");
  assert.equal(retreat?.tzid, "Europe/Paris");

  // pycronofy's strftime("%Y-%m-%dT%H:%M:%S%z"): an offset without a colon.
  await upsert(
    eventBody("python-offset", {
      start: "2031-05-01T11:00:00+0200",
      end: "2031-05-01T12:00:00+0200",
    }),
  );
  assert.equal((await readEvent("python-offset"))?.start, "2031-05-01T09:00:00Z");
  // A wall-clock time, read in the event's time zone.
  await upsert(
    eventBody("wall-clock", {
      start: { time: "2031-05-01T09:00:00", tzid: "America/New_York" },
      end: { time: "2031-05-01T10:00:00", tzid: "America/New_York" },
    }),
  );
  assert.equal((await readEvent("wall-clock"))?.start, "2031-05-01T13:00:00Z");

  const mixed = await upsert(
    eventBody("mixed", { start: "2031-05-01", end: "2031-05-01T10:00:00Z" }),
  );
  assert.equal(mixed.status, 422);
  const impossible = await upsert(eventBody("feb-30", { start: "2031-02-30", end: "2031-03-01" }));
  assert.equal(impossible.status, 422);
  const farOff = await upsert(
    eventBody("year-9999", { start: "9999-01-01T09:00:00Z", end: "9999-01-01T10:00:00Z" }),
  );
  assert.equal(farOff.status, 422);
});

test("the read-back carries meeting_url beside conferencing, and explicit conferencing names its provider", async () => {
  await upsert(
    eventBody("explicit", {
      conferencing: {
        profile_id: "explicit",
        provider_description: "Videotech",
        join_url: "https://videotech.example/join/xyz",
      },
    }),
  );
  const event = await readEvent("explicit");
  assert.deepEqual(event?.conferencing, {
    provider_name: "explicit",
    provider_description: "Videotech",
    join_url: "https://videotech.example/join/xyz",
  });
  assert.equal(event?.meeting_url, "https://videotech.example/join/xyz");
});

test("errors use Cronofy's keys, a broken JSON body gets the API's own error, and event_uid addresses an event", async () => {
  const missing = await upsert({
    event_id: "no-summary",
    start: utc(now + day),
    end: utc(now + day + 60_000),
  });
  assert.equal(missing.status, 422);
  const errors = missing.body.errors as Record<string, { key: string }[]>;
  assert.equal(errors.summary?.[0]?.key, "errors.required");

  const broken = await fetch(new URL(`/v1/calendars/${calendar.calendarId}/events`, confab.url), {
    method: "POST",
    headers: { authorization: `Bearer ${calendar.token}`, "content-type": "application/json" },
    body: '{"event_id": "x",',
  });
  assert.equal(broken.status, 400);
  const brokenBody = (await broken.json()) as { error: string; message: string };
  assert.equal(brokenBody.error, "invalid_json");
  assert.match(brokenBody.message, /not valid JSON/);

  const uid = (await readEvent("explicit"))?.event_uid as string;
  const byUid = await upsert({
    ...eventBody("ignored"),
    event_id: undefined,
    event_uid: uid,
    summary: "Renamed",
  });
  assert.equal(byUid.status, 202, JSON.stringify(byUid.body));
  assert.equal((await readEvent("explicit"))?.summary, "Renamed");
  const unknown = await upsert({
    ...eventBody("ignored"),
    event_id: undefined,
    event_uid: "evt_nothing",
  });
  assert.equal(unknown.status, 404);
  assert.match(String(unknown.body.message), /no event with event_uid/);

  const deleted = await api("DELETE", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: { event_uid: uid },
  });
  assert.equal(deleted.status, 202);
  assert.equal(await readEvent("explicit"), undefined);
  const byQuery = await api(
    "DELETE",
    `/v1/calendars/${calendar.calendarId}/events?event_id=detailed`,
    { token: calendar.token },
  );
  assert.equal(byQuery.status, 202);
  assert.equal(await readEvent("detailed"), undefined);
  const nothing = await api("DELETE", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {},
  });
  assert.equal(nothing.status, 422);
  assert.equal(
    (nothing.body.errors as Record<string, { key: string }[]>).event_id?.[0]?.key,
    "errors.required",
  );
});

test("a read with include_userinfo carries the account's userinfo, and /v1/profiles lists its calendar profile", async () => {
  const reply = await api(
    "GET",
    "/v1/events?tzid=Etc/UTC&include_managed=true&include_userinfo=True",
    {
      token: calendar.token,
    },
  );
  assert.equal(reply.status, 200);
  const userinfo = reply.body.userinfo as Record<string, unknown>;
  assert.equal(userinfo.sub, calendar.sub);
  assert.equal(userinfo["cronofy.type"], "account");
  const plain = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
    token: calendar.token,
  });
  assert.equal(plain.body.userinfo, undefined);

  const profiles = await api("GET", "/v1/profiles", { token: calendar.token });
  assert.equal(profiles.status, 200);
  const [profile] = profiles.body.profiles as Record<string, unknown>[];
  assert.equal(profile?.provider_name, "cronofy");
  assert.equal(profile?.profile_connected, true);
});
