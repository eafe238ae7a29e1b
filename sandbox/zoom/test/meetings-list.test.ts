import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const acme = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: acme });
await sandbox.user({ email: "other@acme.test", account_id: acme });
await sandbox.app({ client_id: "personal" });
const { access_token: token } = await connect(sandbox.url, "personal", "host@acme.test");
const { access_token: otherToken } = await connect(sandbox.url, "personal", "other@acme.test");

const list = (query: string, bearer = token) =>
  call(`${sandbox.url}/v2/users/me/meetings?${query}`, { token: bearer });

const now = Date.now();
const hoursFromNow = (hours: number) =>
  new Date(now + hours * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");

// Five upcoming meetings, one already over, one instant meeting, one of another host.
const upcomingIds: number[] = [];
for (let i = 5; i >= 1; i--) {
  const reply = await call(`${sandbox.url}/v2/users/me/meetings`, {
    token,
    body: { topic: `Upcoming ${i}`, type: 2, start_time: hoursFromNow(i * 24), duration: 30 },
  });
  upcomingIds.unshift(reply.body.id);
}
const past = await call(`${sandbox.url}/v2/users/me/meetings`, {
  token,
  body: { topic: "Past", type: 2, start_time: hoursFromNow(-48), duration: 30, agenda: "marker" },
});
await call(`${sandbox.url}/v2/users/me/meetings`, { token, body: { topic: "Now", type: 1 } });
await call(`${sandbox.url}/v2/users/me/meetings`, {
  token: otherToken,
  body: { topic: "Someone else's", type: 2, start_time: hoursFromNow(3) },
});

test("type=upcoming lists the host's meetings that have not ended, soonest first", async () => {
  const reply = await list("type=upcoming");
  assert.equal(reply.status, 200);
  assert.equal(reply.body.total_records, 5);
  assert.deepEqual(
    reply.body.meetings.map((meeting: { id: number }) => meeting.id),
    upcomingIds,
  );
  assert.equal(reply.body.next_page_token, "");
});

test("type=scheduled (the default) also lists scheduled meetings that are over, not instant ones", async () => {
  const explicit = await list("type=scheduled");
  assert.equal(explicit.body.total_records, 6);
  assert.ok(explicit.body.meetings.some((meeting: { id: number }) => meeting.id === past.body.id));
  const byDefault = await list("");
  assert.equal(byDefault.body.total_records, 6);
});

test("list items carry the fields Zoom lists, agenda included for finding marked meetings", async () => {
  const reply = await list("type=scheduled");
  const item = reply.body.meetings.find((meeting: { id: number }) => meeting.id === past.body.id);
  assert.deepEqual(Object.keys(item).sort(), [
    "agenda",
    "created_at",
    "duration",
    "host_id",
    "id",
    "join_url",
    "start_time",
    "timezone",
    "topic",
    "type",
    "uuid",
  ]);
  assert.equal(item.agenda, "marker");
});

test("page_size pages through results with next_page_token", async () => {
  const first = await list("type=upcoming&page_size=2");
  assert.equal(first.body.page_size, 2);
  assert.equal(first.body.total_records, 5);
  assert.equal(first.body.meetings.length, 2);
  assert.notEqual(first.body.next_page_token, "");
  const second = await list(
    `type=upcoming&page_size=2&next_page_token=${first.body.next_page_token}`,
  );
  const third = await list(
    `type=upcoming&page_size=2&next_page_token=${second.body.next_page_token}`,
  );
  assert.equal(third.body.meetings.length, 1);
  assert.equal(third.body.next_page_token, "");
  const seen = [...first.body.meetings, ...second.body.meetings, ...third.body.meetings].map(
    (meeting: { id: number }) => meeting.id,
  );
  assert.deepEqual(seen, upcomingIds);
});

test("page_size above 300 is served 300 at a time", async () => {
  const reply = await list("type=upcoming&page_size=1000");
  assert.equal(reply.body.page_size, 300);
});

test("an unknown list type or a malformed page_size is refused with code 300", async () => {
  assert.equal((await list("type=everything")).body.code, 300);
  assert.equal((await list("page_size=ten")).body.code, 300);
});

test("a next_page_token expires after 15 minutes", async () => {
  const first = await list("type=upcoming&page_size=2");
  await sandbox.control("/_sandbox/clock", { advance_seconds: 15 * 60 + 1 });
  const later = await list(
    `type=upcoming&page_size=2&next_page_token=${first.body.next_page_token}`,
  );
  assert.equal(later.status, 400);
  assert.equal(later.body.code, 300);
});
