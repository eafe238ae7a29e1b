import assert from "node:assert/strict";
import { test } from "node:test";
import { APP_ID, startGraphFixture, USERS } from "./graph-fixture.ts";

const graph = await startGraphFixture();

const meeting = {
  externalId: "confab-booking-7",
  subject: "Kick-off",
  startDateTime: "2031-05-06T10:00:00Z",
  endDateTime: "2031-05-06T11:00:00Z",
  participants: {
    attendees: [
      { upn: USERS.carol.userPrincipalName, role: "coorganizer" },
      { upn: "guest@example.test" },
    ],
  },
};

test("createOrGet makes a meeting once per externalId: 201 the first time, 200 with the same meeting after", async () => {
  const first = await graph.call("/v1.0/me/onlineMeetings/createOrGet", {
    token: "alice",
    body: meeting,
  });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.externalId, "confab-booking-7");
  assert.equal(first.body.subject, "Kick-off");
  assert.ok(first.body.joinWebUrl.startsWith(`${graph.url}/teams/l/meetup-join/`));
  assert.equal(first.body.participants.organizer.identity.user.id, USERS.alice.id);
  assert.equal(first.body.participants.attendees[0].role, "coorganizer");
  assert.equal(first.body.participants.attendees[0].identity.user.id, USERS.carol.id);
  assert.equal(first.body.participants.attendees[1].role, "attendee");
  const again = await graph.call("/v1.0/me/onlineMeetings/createOrGet", {
    token: "alice",
    body: meeting,
  });
  assert.equal(again.status, 200);
  assert.equal(again.body.id, first.body.id);
  assert.equal(again.body.joinWebUrl, first.body.joinWebUrl);
  assert.equal((await fetch(first.body.joinWebUrl)).status, 200);

  const patched = await graph.call(`/v1.0/me/onlineMeetings/${first.body.id}`, {
    token: "alice",
    method: "PATCH",
    body: {
      subject: "Kick-off (moved)",
      startDateTime: "2031-05-07T10:00:00Z",
      endDateTime: "2031-05-07T11:00:00Z",
    },
  });
  assert.equal(patched.body.subject, "Kick-off (moved)");
  assert.equal(patched.body.joinWebUrl, first.body.joinWebUrl);
  const deleted = await graph.call(`/v1.0/me/onlineMeetings/${first.body.id}`, {
    token: "alice",
    method: "DELETE",
  });
  assert.equal(deleted.status, 204);
  assert.equal(
    (await graph.call(`/v1.0/me/onlineMeetings/${first.body.id}`, { token: "alice" })).status,
    404,
  );
});

test("without start and end a meeting starts now for an hour; a bad role is refused", async () => {
  const made = await graph.call("/v1.0/me/onlineMeetings/createOrGet", {
    token: "alice",
    body: { externalId: "instant" },
  });
  assert.equal(
    made.body.startDateTime,
    new Date(graph.clock.now()).toISOString().replace(".000Z", "Z"),
  );
  const hour = Date.parse(made.body.endDateTime) - Date.parse(made.body.startDateTime);
  assert.equal(hour, 3_600_000);
  const badRole = await graph.call("/v1.0/me/onlineMeetings/createOrGet", {
    token: "alice",
    body: { externalId: "bad", participants: { attendees: [{ upn: "x@y.test", role: "boss" }] } },
  });
  assert.equal(badRole.status, 400);
});

test("an app needs an application access policy for the user; unlicensed users cannot organize", async () => {
  const path = `/v1.0/users/${USERS.alice.id}/onlineMeetings/createOrGet`;
  const refused = await graph.call(path, { token: "app", body: { externalId: "app-made" } });
  assert.equal(refused.status, 403);
  assert.equal(refused.body.error.code, "Forbidden");
  assert.match(refused.body.error.message, /No application access policy found for this app/);
  await graph.control("/_sandbox/graph/application-access-policies", {
    clientId: APP_ID,
    userId: USERS.alice.id,
  });
  const allowed = await graph.call(path, { token: "app", body: { externalId: "app-made" } });
  assert.equal(allowed.status, 201);
  const bob = await graph.call("/v1.0/me/onlineMeetings/createOrGet", {
    token: "bob",
    body: { externalId: "b" },
  });
  assert.equal(bob.status, 403);
});
