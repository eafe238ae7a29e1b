import assert from "node:assert/strict";
import { test } from "node:test";
import { eventPatch } from "../../../src/providers/microsoft/microsoft-event-body.ts";
import { outlookRateBudget } from "../../../src/providers/microsoft/microsoft-rate-budget.ts";
import type { MeetingSpec } from "../../../src/providers/provider.ts";
import { ProviderError } from "../../../src/providers/provider-error.ts";
import { startMicrosoftWorld } from "../../support/microsoft-connector.ts";

const world = await startMicrosoftWorld();
const { provider, users } = world;
const access = world.accessOf(await world.connect(users.licensed));

function spec(overrides: Partial<MeetingSpec> = {}): MeetingSpec {
  return {
    topic: "Mentoring session",
    agenda: "Talk about goals",
    startTime: new Date(Date.UTC(2031, 0, 15, 15, 0, 0)),
    durationMinutes: 45,
    timeZone: "Europe/Paris",
    host: "me",
    alternativeHosts: [],
    marker: "evt_123",
    ...overrides,
  };
}

interface SandboxEvent {
  id: string;
  subject: string;
  start: { dateTime: string; timeZone: string };
  end: { dateTime: string; timeZone: string };
  originalStartTimeZone: string;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  onlineMeeting: { joinUrl: string } | null;
  attendees: unknown[];
  transactionId: string | null;
  body: { content: string };
}

async function eventsFor(marker: string): Promise<SandboxEvent[]> {
  const all = await world.eventsOf(users.licensed);
  return all
    .map((entry) => entry.event as unknown as SandboxEvent)
    .filter((event) => event.transactionId === `confab-${marker}`);
}

function kindIs(kind: ProviderError["kind"], pattern?: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ProviderError, String(error));
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

test("a meeting is one Outlook event in the host's calendar with a Teams join link, and no attendees", async () => {
  const made = await provider.createMeeting(access, spec({ marker: "evt_create" }));
  const [event, ...others] = await eventsFor("evt_create");
  assert.equal(others.length, 0);
  assert.equal(made.id, event?.id);
  assert.equal(made.joinUrl, event?.onlineMeeting?.joinUrl);
  assert.match(made.joinUrl, /\/teams\/l\/meetup-join\//);
  assert.equal(made.hostEmail, users.licensed);
  assert.equal(event?.isOnlineMeeting, true);
  assert.equal(event?.onlineMeetingProvider, "teamsForBusiness");
  assert.equal(event?.subject, "Mentoring session");
  assert.equal(event?.body.content, "Talk about goals");
  assert.equal(event?.originalStartTimeZone, "Europe/Paris");
  assert.deepEqual(event?.start, { dateTime: "2031-01-15T15:00:00.0000000", timeZone: "UTC" });
  assert.deepEqual(event?.end, { dateTime: "2031-01-15T15:45:00.0000000", timeZone: "UTC" });
  assert.deepEqual(event?.attendees, []);
  const page = await fetch(made.joinUrl);
  assert.equal(page.status, 200);
  assert.equal(await provider.startUrl(access, made.id), made.joinUrl, "hosts join by the link");
  assert.deepEqual(await provider.joinDetails(access, made.id), {
    joinUrl: made.joinUrl,
    password: undefined,
  });
});

test("a zone Outlook does not list is sent as UTC, keeping the instant", async () => {
  await provider.createMeeting(access, spec({ marker: "evt_zone", timeZone: "Europe/Madrid" }));
  const [event] = await eventsFor("evt_zone");
  assert.equal(event?.originalStartTimeZone, "UTC");
  assert.deepEqual(event?.start, { dateTime: "2031-01-15T15:00:00.0000000", timeZone: "UTC" });
});

test("after a create whose reply was lost, findMeeting finds the event and creating again makes no second one", async () => {
  await world.control("POST", "/faults", {
    match: { method: "POST", path: "/v1.0/me/events" },
    drop_after_success: true,
    times: 1,
  });
  await assert.rejects(
    provider.createMeeting(access, spec({ marker: "evt_lost" })),
    kindIs("ambiguous"),
  );
  const found = await provider.findMeeting(access, "me", "evt_lost");
  assert.ok(found, "the event made before the reply was lost is found");
  const again = await provider.createMeeting(access, spec({ marker: "evt_lost" }));
  assert.equal(again.id, found.id);
  assert.equal(again.joinUrl, found.joinUrl);
  const events = await eventsFor("evt_lost");
  assert.equal(events.length, 1);
  assert.equal(events[0]?.id, found.id);
  assert.equal(await provider.findMeeting(access, "me", "evt_never"), undefined);
});

test("an update that changes nothing Outlook shows makes no call at all", async () => {
  const made = await provider.createMeeting(access, spec({ marker: "evt_same" }));
  await world.control("DELETE", "/calls");
  const sent = await provider.updateMeeting(
    access,
    made.id,
    spec({ marker: "evt_same" }),
    spec({ marker: "evt_same" }),
  );
  assert.equal(sent, false);
  assert.deepEqual(await world.calls(), []);
});

test("a new time is one PATCH carrying only start and end; the join link stays", async () => {
  const before = spec({ marker: "evt_move" });
  const after = spec({ marker: "evt_move", startTime: new Date(Date.UTC(2031, 0, 16, 9, 30)) });
  assert.deepEqual(Object.keys(eventPatch(after, before)).sort(), ["end", "start"]);
  const made = await provider.createMeeting(access, before);
  await world.control("DELETE", "/calls");
  assert.equal(await provider.updateMeeting(access, made.id, after, before), true);
  const calls = await world.calls();
  assert.deepEqual(
    calls.map((call) => call.method),
    ["PATCH"],
  );
  const [event] = await eventsFor("evt_move");
  assert.deepEqual(event?.start, { dateTime: "2031-01-16T09:30:00.0000000", timeZone: "UTC" });
  assert.deepEqual(event?.end, { dateTime: "2031-01-16T10:15:00.0000000", timeZone: "UTC" });
  assert.equal(event?.subject, "Mentoring session");
  assert.equal(event?.onlineMeeting?.joinUrl, made.joinUrl);
});

test("delete removes the event; deleting it again answers gone", async () => {
  const made = await provider.createMeeting(access, spec({ marker: "evt_delete" }));
  assert.equal(await provider.deleteMeeting(access, made.id), "deleted");
  assert.deepEqual(await eventsFor("evt_delete"), []);
  assert.equal(await provider.deleteMeeting(access, made.id), "gone");
  await assert.rejects(provider.joinDetails(access, made.id), kindIs("not_found"));
});

test("Outlook's 429 becomes rate_limited with retryAt from Retry-After", async () => {
  const made = await provider.createMeeting(access, spec({ marker: "evt_throttled" }));
  await world.control("POST", "/graph/throttling", { requestsPerWindow: 1, windowSeconds: 120 });
  try {
    await provider.joinDetails(access, made.id);
    const asked = Date.now();
    await assert.rejects(provider.joinDetails(access, made.id), (error) => {
      assert.ok(error instanceof ProviderError && error.kind === "rate_limited");
      const wait = (error.retryAt?.getTime() ?? 0) - asked;
      assert.ok(wait > 100_000 && wait <= 121_000, `back when the window has passed (${wait} ms)`);
      assert.equal(error.status, 429);
      return true;
    });
  } finally {
    await world.control("DELETE", "/graph/throttling");
  }
});

test("a series is refused with a sentence, and so is every occurrence method", async () => {
  const series = spec({ marker: "evt_series", recurrence: { frequency: "weekly", interval: 1 } });
  const refusal = kindIs("rejected", /cannot repeat in confab yet: make single meetings/);
  await world.control("DELETE", "/calls");
  await assert.rejects(provider.createMeeting(access, series), refusal);
  await assert.rejects(provider.updateMeeting(access, "x", series, spec()), refusal);
  await assert.rejects(provider.readOccurrences(access, "x"), refusal);
  await assert.rejects(provider.deleteOccurrence(access, "x", "o"), refusal);
  await assert.rejects(
    provider.updateOccurrence(access, "x", "me", {
      id: "o",
      startTime: new Date(),
      durationMinutes: 30,
    }),
    refusal,
  );
  assert.deepEqual(await world.calls(), []);
});

test("findUser reads the connected user and their licences; others a personal token cannot see", async () => {
  const me = await provider.findUser(access, users.licensed);
  assert.equal(me?.email, users.licensed);
  assert.equal(me?.canHost, true);
  assert.equal(await provider.findUser(access, users.unlicensed), undefined);
  assert.equal(await provider.findUser(access, "nobody@contoso.test"), undefined);
});

test("confab keeps under Outlook's budget per mailbox itself, deferring the extra call without sending it", async () => {
  const budget = outlookRateBudget(world.db, 5_000, {
    requestsPerWindow: 2,
    windowMs: 60_000,
    concurrentRequests: 4,
  });
  const paced = { ...access, accountKey: `${access.accountKey}:paced` };
  let sent = 0;
  const call = () => budget.run(paced, "me", async () => ++sent);
  await call();
  await call();
  await assert.rejects(call(), (error) => {
    assert.ok(error instanceof ProviderError && error.kind === "rate_limited");
    const wait = (error.retryAt?.getTime() ?? 0) - Date.now();
    assert.ok(wait > 50_000 && wait <= 60_500, `back when the first call leaves (${wait} ms)`);
    return true;
  });
  assert.equal(sent, 2);
});

test("no more calls run at once to one mailbox than Outlook allows, across callers sharing the database", async () => {
  const limits = { requestsPerWindow: 100, windowMs: 60_000, concurrentRequests: 1 };
  const first = outlookRateBudget(world.db, 5_000, limits);
  const second = outlookRateBudget(world.db, 5_000, limits);
  const held = { ...access, accountKey: `${access.accountKey}:concurrent` };
  let finish: () => void = () => undefined;
  let started: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => (started = resolve));
  // The first call's work starts only once its slot is held, committed for every process.
  const running = first.run(held, "me", () => {
    started();
    return new Promise<void>((done) => (finish = done));
  });
  await holding;
  await assert.rejects(
    second.run(held, "me", async () => "sent"),
    kindIs("rate_limited"),
  );
  finish();
  await running;
  assert.equal(await second.run(held, "me", async () => "sent"), "sent", "the slot came back");
});
