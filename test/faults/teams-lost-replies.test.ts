import assert from "node:assert/strict";
import { test } from "node:test";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { conferencingStates, upsertEvents } from "../support/event-outcomes.ts";

/**
 * Microsoft Graph failing in the ways a network and a busy service fail, while confab makes the
 * Teams meetings of an application's events: a create whose reply is lost after Outlook made the
 * event, 5xx answers, and calls that are never answered. Each event ends with exactly one Outlook
 * event in the host's mailbox, its join link reaches the application, and nothing is dropped.
 */
// Graph calls give up after a second, so that an unanswered Graph is a timeout, not a wait.
const world = await startConferencingWorld({ MICROSOFT_TIMEOUT_MS: "1000" }, { microsoft: true });
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
    .filter((body) => body.event.event_id === eventId);

/** An application calendar whose default profile is a new Teams host's own account. */
async function teamsCalendar(name: string) {
  const calendar = await calendarFor(name);
  const host = await microsoft.addWorkUser(`${name}@acme.example`);
  await linkTeams(calendar.sub, host);
  return { calendar, host };
}

const createPath = "/v1.0/me/events";
const creates = async () =>
  (await microsoft.calls({ method: "POST" })).filter((call) => call.path === createPath);

async function eventIdOf(eventId: string) {
  const row = await db
    .selectFrom("events")
    .select("id")
    .where("event_id", "=", eventId)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The join link the application reads for its event, once there is one. */
async function joinLinkRead(calendar: { token: string }, eventId: string) {
  return eventually(
    async () => {
      const reply = await api("GET", "/v1/events?tzid=Etc/UTC&include_managed=true", {
        token: calendar.token,
      });
      const event = (reply.body.events as Record<string, unknown>[] | undefined)?.find(
        (e) => e.event_id === eventId,
      );
      return (event?.conferencing as { join_url?: string } | undefined)?.join_url;
    },
    60_000,
    `the join link of ${eventId}`,
  );
}

/** Outlook's events for the host, by confab event: exactly one for each of `eventIds`. */
async function assertOneOutlookEventEach(host: string, eventIds: string[]) {
  const perMarker = await microsoft.eventsPerMarker(host);
  const expected = await Promise.all(eventIds.map(eventIdOf));
  assert.deepEqual(
    [...perMarker.keys()].sort(),
    [...expected].sort(),
    "an Outlook event for each confab event, and no other",
  );
  for (const [marker, count] of perMarker) {
    assert.equal(count, 1, `${marker} has ${count} Outlook events`);
  }
}

/** The gaps between successive calls, in ms, on the sandbox's clock. */
const gaps = (calls: { time?: string }[]) =>
  calls.slice(1).map((call, i) => Date.parse(call.time ?? "") - Date.parse(calls[i]?.time ?? ""));

test("a create whose reply is lost after Outlook made the event leaves exactly one event in the mailbox, and its join link reaches the application", async () => {
  const { calendar, host } = await teamsCalendar("dropped");
  await microsoft.control("DELETE", "/calls");
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: createPath },
    drop_after_success: true,
    times: 1,
  });
  await upsertEvents(api, calendar, ["dropped-reply"], { subscriptions });

  const joinUrl = await joinLinkRead(calendar, "dropped-reply");
  await assertOneOutlookEventEach(host, ["dropped-reply"]);
  const [held] = await microsoft.control<{ event: { onlineMeeting?: { joinUrl?: string } } }[]>(
    "GET",
    `/graph/events?mailbox=${encodeURIComponent(host)}`,
  );
  assert.equal(joinUrl, held?.event.onlineMeeting?.joinUrl, "the link of the one Outlook event");
  const made = await creates();
  assert.equal(made[0]?.fault, "dropped", "the first create's reply was lost");
  assert.ok(
    made.filter((call) => call.status === 201).length <= 2,
    "at most one create sent again, answered with the first event",
  );
  await eventually(
    async () =>
      delivered("dropped-reply").some(
        (body) =>
          body.notification.type === "conferencing_assigned" &&
          body.event.conferencing?.join_url === joinUrl,
      ),
    60_000,
    "the application told of the join link",
  );
  assert.deepEqual(
    delivered("dropped-reply").map((body) => body.notification.type),
    ["conferencing_assigned"],
    "never told it fails",
  );
});

test("5xx answers to a create are retried, backing off, until Outlook makes the event once", async () => {
  const { calendar, host } = await teamsCalendar("unavailable");
  await microsoft.control("DELETE", "/calls");
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: createPath },
    status: 503,
    times: 2,
  });
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: createPath },
    status: 500,
    times: 1,
  });
  await upsertEvents(api, calendar, ["five-hundreds"], { subscriptions });

  await joinLinkRead(calendar, "five-hundreds");
  await assertOneOutlookEventEach(host, ["five-hundreds"]);
  const made = await creates();
  assert.deepEqual(
    made.map((call) => call.status),
    [503, 503, 500, 201],
    "every refused create tried again, then made once",
  );
  // The log's times are whole seconds: the first wait is 1.5–2.5 s, the third 6–10 s.
  const waits = gaps(made);
  assert.ok(
    (waits[2] as number) > (waits[0] as number),
    `each retry waits longer: ${waits.join(", ")} ms`,
  );
  assert.ok((waits[0] as number) >= 1000, `a second at least before the first retry: ${waits}`);
  // The link is saved with the meeting; the event is marked assigned, and its count of attempts
  // reset, in the step after.
  const { deferrals } = await eventually(
    () =>
      db
        .selectFrom("events")
        .select(["deferrals", "conferencing_state"])
        .where("event_id", "=", "five-hundreds")
        .where("conferencing_state", "=", "assigned")
        .executeTakeFirst(),
    30_000,
    "the event marked assigned",
  );
  assert.equal(deferrals, 0, "the count of attempts starts again once the meeting is made");
  assert.equal((await conferencingStates(db, ["five-hundreds"])).assigned, 1);
});

test("creates Graph never answers are retried, backing off, and never dropped: one event, its link with the application", async () => {
  const { calendar, host } = await teamsCalendar("timeouts");
  await microsoft.control("DELETE", "/calls");
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: createPath },
    timeout: true,
    times: 3,
  });
  await upsertEvents(api, calendar, ["unanswered"], { subscriptions });

  await joinLinkRead(calendar, "unanswered");
  await assertOneOutlookEventEach(host, ["unanswered"]);
  const made = await creates();
  assert.deepEqual(
    made.map((call) => [call.fault, call.status]),
    [
      ["timeout", null],
      ["timeout", null],
      ["timeout", null],
      [null, 201],
    ],
  );
  // Whole seconds in the log: 1 s of timeout and 1.5–2.5 s first, 1 s and 6–10 s the third time.
  const waits = gaps(made);
  assert.ok((waits[2] as number) > (waits[0] as number), `backing off: ${waits.join(", ")} ms`);
  // A create in doubt is looked for by its marker before it is made again.
  const lookups = (await microsoft.calls({ method: "GET" })).filter(
    (call) => call.path === createPath && call.query.includes("singleValueExtendedProperties"),
  );
  assert.ok(lookups.length >= 3, `looked for before each new create: ${lookups.length}`);
});

test("a create Outlook carries out only after confab stopped waiting is found again, not made twice", async () => {
  const { calendar, host } = await teamsCalendar("late");
  await microsoft.control("DELETE", "/calls");
  // Outlook makes the event 2.5 s later: after confab's one-second timeout.
  await microsoft.control("POST", "/faults", {
    match: { method: "POST", path: createPath },
    delay_ms: 2500,
    times: 1,
  });
  const eventIds = ["late-0", "late-1", "late-2"];
  await upsertEvents(api, calendar, eventIds, { subscriptions });

  for (const eventId of eventIds) await joinLinkRead(calendar, eventId);
  await assertOneOutlookEventEach(host, eventIds);
  for (const eventId of eventIds) {
    assert.ok(
      !delivered(eventId).some((body) => body.notification.type === "conferencing_failing"),
      `${eventId} was never said to fail`,
    );
  }
});
