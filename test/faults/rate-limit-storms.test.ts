import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { conferencingStates, meetingsPerEvent, upsertEvents } from "../support/event-outcomes.ts";

const { zoom, api, calendarFor, linkZoom, db } = await startConferencingWorld();
const receiver = await startReceiver();
const subscriptions = [
  {
    type: "webhook",
    uri: receiver.url,
    interactions: [{ type: "conferencing_assigned" }, { type: "conferencing_failing" }],
  },
];
const delivered = (eventId: string) =>
  receiver.received
    .map((r) => JSON.parse(r.body))
    .filter((body) => body.event.event_id === eventId)
    .map((body) => body.notification.type as string);

const creates = async () =>
  (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings"));

test("a storm of per-second 429s only defers meetings: each is made once, and no application hears of a failure", async () => {
  const calendar = await calendarFor("per-second");
  await linkZoom(calendar.sub, zoom.users.owner);
  await zoom.control("DELETE", "/calls");
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 429,
    message: "You have reached the maximum per-second rate limit for this API. Try again later.",
    headers: { "X-RateLimit-Type": "QPS", "X-RateLimit-Category": "Medium", "Retry-After": "1" },
    times: 40,
  });
  const eventIds = Array.from({ length: 15 }, (_, n) => `qps-${n}`);
  await upsertEvents(api, calendar, eventIds, { subscriptions });

  await eventually(
    async () => eventIds.every((id) => delivered(id).includes("conferencing_assigned")),
    120_000,
    "every event assigned",
  );
  const made = await creates();
  assert.ok(
    made.some((c) => c.status === 429),
    "Zoom did answer 429 (the storm was felt)",
  );
  assert.equal(made.filter((c) => c.status === 201).length, eventIds.length);
  for (const id of eventIds) assert.deepEqual(delivered(id), ["conferencing_assigned"]);
  // Refused attempts did not happen at Zoom: the host's day counts the 15 meetings, no more.
  const { rows } = await sql<{ used: number }>`
    select used from provider_daily_usage where bucket like ${`%:${zoom.users.owner}`}`.execute(db);
  assert.deepEqual(
    rows.map((row) => row.used),
    [eventIds.length],
  );
});

test("the host's 100 daily meetings are kept by confab itself, a daily 429 from Zoom defers to 00:00 UTC, and after midnight every deferred meeting is made once", async () => {
  const calendar = await calendarFor("daily");
  await linkZoom(calendar.sub, zoom.users.member);
  const before = new Set((await meetingsPerEvent(zoom.control)).keys());
  // The storm above may have left some of its 429s unspent.
  await zoom.control("DELETE", "/faults");
  await zoom.control("DELETE", "/calls");

  // A full day's worth: confab's own count reaches Zoom's 100 without Zoom saying no.
  const day = Array.from({ length: 100 }, (_, n) => `day-${n}`);
  await upsertEvents(api, calendar, day);
  await eventually(
    async () => (await conferencingStates(db, day)).assigned === day.length,
    120_000,
    "a hundred meetings",
  ).catch(async (error) => {
    const reasons = await db
      .selectFrom("events")
      .select(["conferencing_reason", (eb) => eb.fn.countAll<number>().as("count")])
      .where("event_id", "in", day)
      .groupBy("conferencing_reason")
      .execute();
    throw new Error(`${error.message}: ${JSON.stringify(reasons)}`);
  });
  const paced = ["paced-0", "paced-1", "paced-2"];
  await upsertEvents(api, calendar, paced, { subscriptions });
  await eventually(
    async () => paced.every((id) => delivered(id).includes("conferencing_failing")),
    60_000,
    "the three told they are deferred",
  );
  // The per-second 429s here are the storm's own (injected); the day's limit is confab's to keep.
  assert.equal(
    (await creates()).filter((c) => c.status === 429 && c.rate_limit_type !== "QPS").length,
    0,
    "confab deferred before Zoom had to say no to the day's 101st",
  );

  // The host's writes made elsewhere, which confab cannot count: Zoom says no first.
  await sql`delete from provider_daily_usage`.execute(db);
  await upsertEvents(api, calendar, ["refused"], { subscriptions });
  await eventually(
    async () => delivered("refused").includes("conferencing_failing"),
    60_000,
    "the refused one told it is deferred",
  );
  // Zoom's per-host daily 429 carries no X-RateLimit-Type; a per-second one says QPS.
  assert.equal(
    (await creates()).filter((c) => c.status === 429 && c.rate_limit_type !== "QPS").length,
    1,
    "Zoom said no once, for the host's day",
  );
  const reasons = await db
    .selectFrom("events")
    .select("conferencing_reason")
    .where("event_id", "in", [...paced, "refused"])
    .execute();
  for (const { conferencing_reason } of reasons)
    assert.match(conferencing_reason ?? "", /00:00|T00:00/);

  // Midnight UTC passes: Zoom's day turns on the sandbox clock; confab's deferred jobs come due
  // and its count belongs to the day before (the passage of time, brought forward here).
  const { now } = await zoom.control<{ now: string }>("GET", "/clock");
  const zoomNow = new Date(now);
  const midnight = Date.UTC(
    zoomNow.getUTCFullYear(),
    zoomNow.getUTCMonth(),
    zoomNow.getUTCDate() + 1,
  );
  await zoom.control("POST", "/clock", {
    advance_seconds: Math.ceil((midnight - zoomNow.getTime()) / 1000) + 1,
  });
  await sql`update provider_daily_usage set window_start = window_start - interval '1 day'`.execute(
    db,
  );
  await sql`update graphile_worker._private_jobs set run_at = now()
    where run_at > now() + interval '5 minutes'`.execute(db);

  const deferred = [...paced, "refused"];
  await eventually(
    async () => deferred.every((id) => delivered(id).includes("conferencing_assigned")),
    60_000,
    "every deferred event assigned after midnight",
  );
  for (const id of deferred) {
    assert.deepEqual(delivered(id), ["conferencing_failing", "conferencing_assigned"]);
  }
  assert.equal((await conferencingStates(db)).failing ?? 0, 0);
  const perEvent = await meetingsPerEvent(zoom.control);
  const made = [...perEvent].filter(([marker]) => !before.has(marker));
  assert.equal(made.length, day.length + deferred.length);
  for (const [marker, count] of made) assert.equal(count, 1, `${marker} has ${count} meetings`);
});
