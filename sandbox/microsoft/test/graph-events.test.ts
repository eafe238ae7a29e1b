import assert from "node:assert/strict";
import { test } from "node:test";
import { at, startGraphFixture, USERS } from "./graph-fixture.ts";

const graph = await startGraphFixture();

const teamsEvent = (extra: Record<string, unknown> = {}) => ({
  subject: "Intro call",
  body: { contentType: "HTML", content: "<p>Hello</p>" },
  start: at("2031-05-06T10:00:00", "Pacific Standard Time"),
  end: at("2031-05-06T10:30:00", "Pacific Standard Time"),
  attendees: [
    { emailAddress: { address: "guest@example.test", name: "Guest" }, type: "required" },
    { emailAddress: { address: "maybe@example.test" }, type: "optional" },
  ],
  isOnlineMeeting: true,
  onlineMeetingProvider: "teamsForBusiness",
  ...extra,
});

test("creating an online event for a Teams-licensed mailbox answers 201 with a Teams join link that opens a page", async () => {
  const created = await graph.call("/v1.0/me/events", { token: "alice", body: teamsEvent() });
  assert.equal(created.status, 201);
  const event = created.body;
  assert.match(event.id, /^AAMk/);
  assert.match(event.iCalUId, /^040000008200E00074C5B7101A82E008/);
  assert.equal(event.subject, "Intro call");
  assert.equal(event.isOnlineMeeting, true);
  assert.equal(event.onlineMeetingProvider, "teamsForBusiness");
  assert.deepEqual(event.start, { dateTime: "2031-05-06T17:00:00.0000000", timeZone: "UTC" });
  assert.equal(event.originalStartTimeZone, "Pacific Standard Time");
  assert.equal(event.attendees[1].type, "optional");
  assert.equal(event.attendees[0].status.response, "none");
  assert.equal(event.organizer.emailAddress.address, USERS.alice.mail);
  assert.equal(event.allowNewTimeProposals, true);
  assert.equal(event.transactionId, null);
  assert.ok(event.changeKey);
  const joinUrl: string = event.onlineMeeting.joinUrl;
  assert.ok(joinUrl.startsWith(`${graph.url}/teams/l/meetup-join/19%3Ameeting_`));
  assert.match(event.onlineMeeting.conferenceId, /^\d{9}$/);
  assert.ok(event.onlineMeeting.tollNumber);

  const page = await fetch(joinUrl);
  assert.equal(page.status, 200);
  assert.match(page.headers.get("content-type") ?? "", /text\/html/);
  assert.match(await page.text(), /Intro call/);

  const read = await graph.call(`/v1.0/users/${USERS.alice.userPrincipalName}/events/${event.id}`, {
    token: "app",
  });
  assert.equal(read.status, 200);
  assert.equal(read.body.onlineMeeting.joinUrl, joinUrl);
});

test("the join page escapes the meeting subject", async () => {
  const created = await graph.call("/v1.0/me/events", {
    token: "alice",
    body: teamsEvent({ subject: "<script>alert(1)</script>" }),
  });
  const html = await (await fetch(created.body.onlineMeeting.joinUrl)).text();
  assert.ok(!html.includes("<script>alert"));
  assert.match(html, /&lt;script&gt;/);
  const unknown = await fetch(`${graph.url}/teams/l/meetup-join/19%3Ameeting_nope%40thread.v2/0`);
  assert.equal(unknown.status, 404);
});

test("a retried create with the same transactionId answers the first event instead of a duplicate", async () => {
  const body = teamsEvent({ transactionId: "confab-booking-42" });
  const first = await graph.call("/v1.0/me/events", { token: "alice", body });
  const retry = await graph.call("/v1.0/me/events", { token: "alice", body });
  assert.equal(first.status, 201);
  assert.equal(retry.status, 201);
  assert.equal(retry.body.id, first.body.id);
  assert.equal(retry.body.onlineMeeting.joinUrl, first.body.onlineMeeting.joinUrl);
  assert.equal(first.body.transactionId, "confab-booking-42");
  const found = await graph.call(
    `/v1.0/me/events?$filter=${encodeURIComponent("transactionId eq 'confab-booking-42'")}`,
    { token: "alice" },
  );
  assert.equal(found.body.value.length, 1);
  assert.equal(found.body.value[0].id, first.body.id);
});

test("events are found by a string extended property's id and value, which Graph does not show unasked", async () => {
  const id = "String {6f1d5c2a-8e4b-4c1f-9a7d-3b2e0c9f5a61} Name bookingRef";
  const created = await graph.call("/v1.0/me/events", {
    token: "alice",
    body: teamsEvent({ singleValueExtendedProperties: [{ id, value: "booking-7" }] }),
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.singleValueExtendedProperties, undefined);
  const filter = (propertyId: string, value: string) =>
    `/v1.0/me/events?$filter=${encodeURIComponent(
      `singleValueExtendedProperties/Any(ep: ep/id eq '${propertyId}' and ep/value eq '${value}')`,
    )}`;
  const found = await graph.call(filter(id, "BOOKING-7"), { token: "alice" });
  assert.equal(found.status, 200);
  assert.deepEqual(
    found.body.value.map((event: { id: string }) => event.id),
    [created.body.id],
    "the value matches in any case",
  );
  const otherValue = await graph.call(filter(id, "booking-8"), { token: "alice" });
  assert.deepEqual(otherValue.body.value, []);
  const otherName = await graph.call(filter(id.replace("bookingRef", "BookingRef"), "booking-7"), {
    token: "alice",
  });
  assert.deepEqual(otherName.body.value, [], "the name in the id matches exactly");
  const elsewhere = await graph.call(filter(id, "booking-7"), { token: "bob" });
  assert.deepEqual(elsewhere.body.value, [], "only the caller's own mailbox is searched");
});

test("PATCH changes only what is sent, keeps the join link when the time moves, and bumps changeKey", async () => {
  const created = (await graph.call("/v1.0/me/events", { token: "alice", body: teamsEvent() }))
    .body;
  graph.clock.advance(60);
  const moved = await graph.call(`/v1.0/me/events/${created.id}`, {
    token: "alice",
    method: "PATCH",
    body: { start: at("2031-05-07T09:00:00"), end: at("2031-05-07T10:00:00") },
  });
  assert.equal(moved.status, 200);
  assert.equal(moved.body.subject, "Intro call");
  assert.equal(moved.body.body.content, "<p>Hello</p>");
  assert.equal(moved.body.attendees.length, 2);
  assert.equal(moved.body.start.dateTime, "2031-05-07T09:00:00.0000000");
  assert.equal(moved.body.onlineMeeting.joinUrl, created.onlineMeeting.joinUrl);
  assert.notEqual(moved.body.changeKey, created.changeKey);
  assert.ok(moved.body.lastModifiedDateTime > created.lastModifiedDateTime);

  const renamed = await graph.call(`/v1.0/me/events/${created.id}`, {
    token: "alice",
    method: "PATCH",
    body: { subject: "Renamed" },
  });
  assert.equal(renamed.body.start.dateTime, "2031-05-07T09:00:00.0000000");
  assert.notEqual(renamed.body.changeKey, moved.body.changeKey);
});

test("DELETE answers 204 and the event is then not found", async () => {
  const created = (await graph.call("/v1.0/me/events", { token: "alice", body: teamsEvent() }))
    .body;
  const deleted = await graph.call(`/v1.0/me/events/${created.id}`, {
    token: "alice",
    method: "DELETE",
  });
  assert.equal(deleted.status, 204);
  const gone = await graph.call(`/v1.0/me/events/${created.id}`, { token: "alice" });
  assert.equal(gone.status, 404);
  assert.equal(gone.body.error.code, "ErrorItemNotFound");
});

test("cancelling an event sends the comment to the attendees and removes it from the calendar", async () => {
  const created = (await graph.call("/v1.0/me/events", { token: "alice", body: teamsEvent() }))
    .body;
  const cancelled = await graph.call(`/v1.0/me/events/${created.id}/cancel`, {
    token: "alice",
    body: { Comment: "Sorry, something came up." },
  });
  assert.equal(cancelled.status, 202);
  const messages = await graph.control("/_sandbox/graph/cancellations");
  const message = messages.find((item: { eventId: string }) => item.eventId === created.id);
  assert.equal(message.comment, "Sorry, something came up.");
  assert.deepEqual(message.attendees, ["guest@example.test", "maybe@example.test"]);
  assert.equal((await graph.call(`/v1.0/me/events/${created.id}`, { token: "alice" })).status, 404);
});

test("invalid events are refused with Graph's 400 codes and nothing is created", async () => {
  const before = (await graph.control("/_sandbox/graph/events")).length;
  const cases: [unknown, string][] = [
    [{ subject: "No times" }, "ErrorInvalidRequest"],
    [{ start: at("2031-05-06T10:00:00"), subject: "No end" }, "ErrorInvalidRequest"],
    [{ start: "tomorrow", end: at("2031-05-06T10:00:00") }, "ErrorInvalidRequest"],
    [{ start: at("2031-05-06T11:00:00"), end: at("2031-05-06T10:00:00") }, "ErrorInvalidRequest"],
    [{ start: at("2031-13-06T10:00:00"), end: at("2031-05-06T10:00:00") }, "RequestBodyRead"],
    [
      { start: at("2031-05-06T10:00:00", "Greenwich Mean Time"), end: at("2031-05-06T11:00:00") },
      "TimeZoneNotSupportedException",
    ],
    [
      { ...teamsEvent(), attendees: [{ emailAddress: { address: "a@b.test" }, type: "vip" }] },
      "RequestBodyRead",
    ],
  ];
  for (const [body, code] of cases) {
    const reply = await graph.call("/v1.0/me/events", { token: "alice", body });
    assert.equal(reply.status, 400, JSON.stringify(body));
    assert.equal(reply.body.error.code, code, JSON.stringify(body));
    assert.ok(reply.body.error.message.length > 10);
  }
  const zone = await graph.call("/v1.0/me/events", {
    token: "alice",
    body: {
      start: at("2031-05-06T10:00:00", "Greenwich Mean Time"),
      end: at("2031-05-06T11:00:00"),
    },
  });
  assert.equal(
    zone.body.error.message,
    "A valid TimeZone value must be specified. The following TimeZone value is not supported: 'Greenwich Mean Time'.",
  );
  const broken = await graph.call("/v1.0/me/events", { token: "alice", raw: '{"subject": ' });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error.code, "BadRequest");
  assert.match(broken.body.error.message, /Unable to read JSON request payload/);
  assert.equal((await graph.control("/_sandbox/graph/events")).length, before);
});

test("unknown users, unknown events and callers without the right are refused as Graph refuses them", async () => {
  const unknownUser = await graph.call("/v1.0/users/nobody@contoso.test/events", {
    token: "app",
    body: teamsEvent(),
  });
  assert.equal(unknownUser.status, 404);
  assert.equal(unknownUser.body.error.code, "ErrorInvalidUser");

  const unknownEvent = await graph.call("/v1.0/me/events/AAMkdoesnotexist", { token: "alice" });
  assert.equal(unknownEvent.status, 404);
  assert.equal(unknownEvent.body.error.code, "ErrorItemNotFound");

  const colleague = await graph.call(`/v1.0/users/${USERS.carol.id}/events`, {
    token: "alice",
    body: teamsEvent(),
  });
  assert.equal(colleague.status, 403);
  assert.equal(colleague.body.error.code, "ErrorAccessDenied");

  const readOnly = await graph.call("/v1.0/me/events", { token: "alice-read", body: teamsEvent() });
  assert.equal(readOnly.status, 403);
  assert.equal(readOnly.body.error.code, "ErrorAccessDenied");
  assert.equal((await graph.call("/v1.0/me/events", { token: "alice-read" })).status, 200);

  const noRoles = await graph.call(`/v1.0/users/${USERS.alice.id}/events`, {
    token: "app-without-roles",
    body: teamsEvent(),
  });
  assert.equal(noRoles.status, 403);

  const appAsMe = await graph.call("/v1.0/me/events", { token: "app", body: teamsEvent() });
  assert.equal(appAsMe.status, 400);
  assert.match(appAsMe.body.error.message, /delegated authentication flow/);

  const appForCarol = await graph.call(`/v1.0/users/${USERS.carol.userPrincipalName}/events`, {
    token: "app",
    body: teamsEvent(),
  });
  assert.equal(appForCarol.status, 201);
  assert.equal(appForCarol.body.organizer.emailAddress.address, USERS.carol.mail);
});

test("an unlicensed work mailbox and a personal account get the event without a Teams meeting", async () => {
  for (const token of ["bob", "pat"]) {
    const created = await graph.call("/v1.0/me/events", { token, body: teamsEvent() });
    assert.equal(created.status, 201, token);
    assert.equal(created.body.isOnlineMeeting, false, token);
    assert.equal(created.body.onlineMeetingProvider, "unknown", token);
    assert.equal(created.body.onlineMeeting, null, token);
  }
});

test("calendarView lists the events overlapping the window and requires both ends of it", async () => {
  await graph.call("/v1.0/users/carol@contoso.test/events", {
    token: "app",
    body: { subject: "Late", start: at("2031-06-01T10:00:00"), end: at("2031-06-01T11:00:00") },
  });
  const view = await graph.call(
    "/v1.0/users/carol@contoso.test/calendarView?startDateTime=2031-06-01T00:00:00Z&endDateTime=2031-06-02T00:00:00Z",
    { token: "app" },
  );
  assert.equal(view.status, 200);
  assert.deepEqual(
    view.body.value.map((event: { subject: string }) => event.subject),
    ["Late"],
  );
  const missing = await graph.call("/v1.0/users/carol@contoso.test/calendarView", { token: "app" });
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error.code, "ErrorInvalidParameter");
});
