import assert from "node:assert/strict";
import { test } from "node:test";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { conferencingStates, upsertEvents } from "../support/event-outcomes.ts";

/**
 * Outlook throttling the app on a host's mailbox while confab makes Teams meetings: 429 storms
 * with Retry-After, and Outlook's limits lowered so that confab's own pacing (set for Outlook's
 * published limits) is not enough. confab waits as long as Graph says, the events are made once
 * each in the end, and no application hears of a failure.
 */
const world = await startConferencingWorld({}, { microsoft: true });
const { api, calendarFor, linkTeams, db } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
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

/** Graph's calendar-event calls to the host's mailbox, as the sandbox logged them. */
const eventCalls = async () =>
  (await microsoft.calls()).filter((call) => /^\/v1\.0\/me\/events(\/[^/]+)?$/.test(call.path));

async function assertOneOutlookEventEach(host: string, eventIds: string[]) {
  const perMarker = await microsoft.eventsPerMarker(host);
  const rows = await db
    .selectFrom("events")
    .select("id")
    .where("event_id", "in", eventIds)
    .execute();
  assert.deepEqual(
    [...perMarker.keys()].sort(),
    rows.map((row) => row.id).sort(),
    "an Outlook event for each confab event, and no other",
  );
  for (const [marker, count] of perMarker) {
    assert.equal(count, 1, `${marker} has ${count} Outlook events`);
  }
}

test("a storm of Graph 429s with Retry-After only defers Teams meetings: each is made once, no sooner than Graph said, and no application hears of a failure", async () => {
  const calendar = await calendarFor("storm");
  const host = await microsoft.addWorkUser("storm@acme.example");
  await linkTeams(calendar.sub, host);
  await microsoft.control("DELETE", "/calls");
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: "/v1.0/me/events" },
    status: 429,
    code: "ApplicationThrottled",
    message: "Application is over its MailboxConcurrency limit.",
    headers: { "Retry-After": "2" },
    times: 25,
  });
  const eventIds = Array.from({ length: 10 }, (_, n) => `storm-${n}`);
  await upsertEvents(api, calendar, eventIds, { subscriptions });

  await eventually(
    async () => eventIds.every((id) => delivered(id).includes("conferencing_assigned")),
    120_000,
    "every event assigned",
  );
  const creates = (await eventCalls()).filter((call) => call.method === "POST");
  const refused = creates.filter((call) => call.status === 429);
  assert.equal(refused.length, 25, "Graph did answer 429 (the storm was felt, and spent)");
  assert.equal(creates.filter((call) => call.status === 201).length, eventIds.length);
  for (const id of eventIds) assert.deepEqual(delivered(id), ["conferencing_assigned"]);
  await assertOneOutlookEventEach(host, eventIds);
  // Retry-After is two seconds: 25 refusals for 10 events take at least a few rounds of it.
  const times = creates.map((call) => Date.parse(call.time ?? ""));
  const span = Math.max(...times) - Math.min(...times);
  assert.ok(span >= 4000, `the creates were spread over Graph's waits, not hammered: ${span} ms`);
});

test("with Outlook's limits lowered below confab's pacing, confab defers on Graph's 429s and later makes every meeting once, and Outlook never takes more calls than its lowered limit", async () => {
  const calendar = await calendarFor("lowered");
  const host = await microsoft.addWorkUser("lowered@acme.example");
  await linkTeams(calendar.sub, host);
  await microsoft.control("DELETE", "/faults");
  const limit = { requestsPerWindow: 6, windowSeconds: 5 };
  await microsoft.control("POST", "/graph/throttling", limit);
  try {
    await microsoft.control("DELETE", "/calls");
    const eventIds = Array.from({ length: 15 }, (_, n) => `lowered-${n}`);
    await upsertEvents(api, calendar, eventIds, { subscriptions });

    await eventually(
      async () => eventIds.every((id) => delivered(id).includes("conferencing_assigned")),
      180_000,
      "every event assigned, and its application told",
    );
    assert.equal((await conferencingStates(db, eventIds)).assigned, eventIds.length);
    const calls = await eventCalls();
    const refused = calls.filter((call) => call.status === 429);
    const taken = calls.filter((call) => call.status !== 429);
    assert.ok(refused.length > 0, "Outlook did say 429 (the lowered limit was felt)");
    // Each 429 is waited out for as long as Retry-After says, so refusals stay few: at most a
    // couple per event, where calling again at once would make hundreds.
    assert.ok(
      refused.length <= 3 * eventIds.length,
      `${refused.length} refusals for ${eventIds.length} events`,
    );
    // No window of Outlook's holds more than its limit (the log's times are whole seconds).
    const times = taken.map((call) => Date.parse(call.time ?? "")).sort((a, b) => a - b);
    for (let i = 0; i + limit.requestsPerWindow < times.length; i++) {
      const within = (times[i + limit.requestsPerWindow] as number) - (times[i] as number);
      assert.ok(
        within >= (limit.windowSeconds - 1) * 1000,
        `${limit.requestsPerWindow + 1} calls taken within ${within} ms`,
      );
    }
    await assertOneOutlookEventEach(host, eventIds);
    for (const id of eventIds) {
      assert.deepEqual(delivered(id), ["conferencing_assigned"], `${id} was never said to fail`);
    }
  } finally {
    await microsoft.control("DELETE", "/graph/throttling");
  }
});
