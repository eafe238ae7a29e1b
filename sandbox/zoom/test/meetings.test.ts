import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const acme = await sandbox.account("business");
const globex = await sandbox.account("business");
const host = await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.user({ email: "colleague@acme.test", account_id: acme });
await sandbox.user({ email: "basic@acme.test", account_id: acme, type: 1 });
await sandbox.user({ email: "unassigned@acme.test", account_id: acme, type: 4 });
await sandbox.user({ email: "stranger@globex.test", account_id: globex, role: "owner" });
await sandbox.app({ client_id: "personal" });
await sandbox.app({ client_id: "org", kind: "admin" });
await sandbox.app({ client_id: "read-only", scopes: ["meeting:read:meeting", "user:read:user"] });

const { access_token: token } = await connect(sandbox.url, "personal", "host@acme.test");
const { access_token: orgToken } = await connect(sandbox.url, "org", "host@acme.test");

const create = (body: unknown, userId = "me", bearer = token) =>
  call(`${sandbox.url}/v2/users/${encodeURIComponent(userId)}/meetings`, { token: bearer, body });
const meeting = (id: number | string, init: { method?: string; body?: unknown } = {}) =>
  call(`${sandbox.url}/v2/meetings/${id}`, { token, ...init });

const scheduled = {
  topic: "Design review",
  type: 2,
  start_time: "2031-03-04T15:00:00Z",
  duration: 45,
  timezone: "America/New_York",
  agenda: "confab:event:evt_123",
  settings: { join_before_host: true, waiting_room: false },
  tracking_fields: [{ field: "confab_event", value: "evt_123" }],
};

test("creating a meeting answers 201 with the full meeting as Zoom returns it", async () => {
  const reply = await create(scheduled);
  assert.equal(reply.status, 201);
  const body = reply.body;
  assert.equal(typeof body.id, "number");
  assert.match(String(body.id), /^\d{10,11}$/);
  assert.equal(typeof body.uuid, "string");
  assert.equal(body.host_id, host.id);
  assert.equal(body.host_email, "host@acme.test");
  assert.equal(body.topic, "Design review");
  assert.equal(body.type, 2);
  assert.equal(body.status, "waiting");
  assert.equal(body.start_time, "2031-03-04T15:00:00Z");
  assert.equal(body.duration, 45);
  assert.equal(body.timezone, "America/New_York");
  assert.equal(body.agenda, "confab:event:evt_123");
  assert.match(body.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.match(body.start_url, new RegExp(`/s/${body.id}\\?zak=`));
  assert.match(body.join_url, new RegExp(`/j/${body.id}\\?pwd=`));
  assert.equal(typeof body.password, "string");
  assert.ok(body.password.length > 0 && body.password.length <= 10);
  assert.equal(typeof body.encrypted_password, "string");
  assert.equal(body.settings.join_before_host, true);
  assert.equal(body.settings.alternative_hosts, "");
  assert.deepEqual(body.tracking_fields, [{ field: "confab_event", value: "evt_123" }]);
  assert.equal(reply.headers.get("content-location"), `${sandbox.url}/v2/meetings/${body.id}`);
});

test("meeting ids are JSON integers of 10 or 11 digits, written as numbers in the raw body", async () => {
  const response = await fetch(`${sandbox.url}/v2/users/me/meetings`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ topic: "Raw", type: 2 }),
  });
  const raw = await response.text();
  assert.match(raw, /"id":\d{10,11}[,}]/);
});

test("without tracking fields the reply has none", async () => {
  const reply = await create({ topic: "Plain", type: 2 });
  assert.equal("tracking_fields" in reply.body, false);
});

test("a local start time is read in the given timezone and returned in UTC", async () => {
  const reply = await create({
    topic: "Local",
    type: 2,
    start_time: "2031-07-01T09:30:00",
    timezone: "Europe/Paris",
  });
  assert.equal(reply.status, 201);
  assert.equal(reply.body.start_time, "2031-07-01T07:30:00Z");
  assert.equal(reply.body.timezone, "Europe/Paris");
});

test("getting a meeting returns what create returned", async () => {
  const created = (await create(scheduled)).body;
  const reply = await meeting(created.id);
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.body, created);
});

test("updating a meeting answers 204 without a body and changes only what was sent", async () => {
  const created = (await create(scheduled)).body;
  const response = await fetch(`${sandbox.url}/v2/meetings/${created.id}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({
      start_time: "2031-03-05T16:00:00Z",
      settings: { mute_upon_entry: true },
    }),
  });
  assert.equal(response.status, 204);
  assert.equal(await response.text(), "");
  const after = (await meeting(created.id)).body;
  assert.equal(after.start_time, "2031-03-05T16:00:00Z");
  assert.equal(after.settings.mute_upon_entry, true);
  assert.equal(after.settings.join_before_host, true);
  assert.equal(after.topic, "Design review");
  assert.equal(after.id, created.id);
});

test("deleting a meeting answers 204, and afterwards it does not exist (3001)", async () => {
  const created = (await create(scheduled)).body;
  const deleted = await meeting(created.id, { method: "DELETE" });
  assert.equal(deleted.status, 204);
  assert.equal(deleted.body, undefined);
  const again = await meeting(created.id);
  assert.equal(again.status, 404);
  assert.deepEqual(again.body, { code: 3001, message: `Meeting does not exist: ${created.id}.` });
});

test("updating or deleting a missing meeting answers 404 code 3001", async () => {
  const update = await meeting(12345678901, { method: "PATCH", body: { topic: "x" } });
  assert.equal(update.status, 404);
  assert.deepEqual(update.body, { code: 3001, message: "Meeting does not exist: 12345678901." });
  const remove = await meeting(12345678901, { method: "DELETE" });
  assert.equal(remove.status, 404);
  assert.equal(remove.body.code, 3001);
});

test("invalid fields are refused with code 300 and one entry per field", async () => {
  const reply = await create({
    topic: 42,
    type: 5,
    duration: "long",
    settings: { waiting_room: "yes" },
  });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.code, 300);
  assert.equal(reply.body.message, "Validation Failed.");
  const fields = reply.body.errors.map((error: { field: string }) => error.field).sort();
  assert.deepEqual(fields, ["duration", "settings.waiting_room", "topic", "type"]);
  for (const error of reply.body.errors) assert.equal(error.message, "Invalid field.");
});

test("Zoom's documented limits are enforced: topic 200, agenda 2000, passcode 10, duration 1–1440", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ topic: "t".repeat(201) }, "topic"],
    [{ agenda: "a".repeat(2001) }, "agenda"],
    [{ password: "12345678901" }, "password"],
    [{ password: "no spaces" }, "password"],
    [{ duration: 0 }, "duration"],
    [{ duration: 1441 }, "duration"],
    [{ timezone: "Mars/Olympus" }, "timezone"],
    [{ start_time: "2031-02-30T10:00:00Z" }, "start_time"],
    [{ start_time: "next tuesday" }, "start_time"],
  ];
  for (const [body, field] of cases) {
    const reply = await create({ type: 2, ...body });
    assert.equal(reply.status, 400, `${field} should be refused`);
    assert.deepEqual(reply.body.errors, [{ field, message: "Invalid field." }]);
  }
  assert.equal((await create({ type: 2, topic: "t".repeat(200), duration: 1440 })).status, 201);
});

test("a body that is not a JSON object is refused with code 300", async () => {
  const response = await fetch(`${sandbox.url}/v2/users/me/meetings`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(response.status, 400);
  assert.deepEqual(await response.json(), {
    code: 300,
    message: "Request Body should be a valid JSON object.",
  });
  assert.equal((await create([1, 2])).body.code, 300);
});

test("the PATCH body is validated too", async () => {
  const created = (await create(scheduled)).body;
  const reply = await meeting(created.id, { method: "PATCH", body: { duration: "1h" } });
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body.errors, [{ field: "duration", message: "Invalid field." }]);
});

test("creating for a user that does not exist answers 404 code 1001", async () => {
  const reply = await create(scheduled, "ghost@acme.test", orgToken);
  assert.equal(reply.status, 404);
  assert.deepEqual(reply.body, { code: 1001, message: "User does not exist: ghost@acme.test." });
});

test("an admin token creates meetings for a colleague in its account, not in another account", async () => {
  const reply = await create(scheduled, "colleague@acme.test", orgToken);
  assert.equal(reply.status, 201);
  assert.equal(reply.body.host_email, "colleague@acme.test");
  assert.equal((await create(scheduled, "stranger@globex.test", orgToken)).body.code, 1001);
});

test("a user-managed token cannot create a meeting for a colleague (4711)", async () => {
  const reply = await create(scheduled, "colleague@acme.test");
  assert.equal(reply.status, 400);
  assert.equal(reply.body.code, 4711);
});

test("a token without the create scope is refused with 4711", async () => {
  const { access_token } = await connect(sandbox.url, "read-only", "host@acme.test");
  const reply = await create(scheduled, "me", access_token);
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, {
    code: 4711,
    message:
      "Invalid access token, does not contain scopes:[meeting:write:meeting, meeting:write:meeting:admin].",
  });
});

test("a Basic user may host meetings; a user without the Meetings capability gets 3161", async () => {
  assert.equal((await create(scheduled, "basic@acme.test", orgToken)).status, 201);
  const refused = await create(scheduled, "unassigned@acme.test", orgToken);
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, {
    code: 3161,
    message: "Meeting hosting and scheduling capabilities are not allowed for your user account.",
  });
});

test("alternative hosts are accepted when licensed and in the host's account", async () => {
  const reply = await create({
    ...scheduled,
    settings: { alternative_hosts: "colleague@acme.test" },
  });
  assert.equal(reply.status, 201);
  assert.equal(reply.body.settings.alternative_hosts, "colleague@acme.test");
});

test("alternative hosts outside the account, unlicensed or unknown are refused with a clear 400", async () => {
  for (const email of ["stranger@globex.test", "basic@acme.test", "nobody@acme.test"]) {
    const reply = await create({ ...scheduled, settings: { alternative_hosts: email } });
    assert.equal(reply.status, 400, email);
    assert.equal(reply.body.code, 1114);
    assert.match(reply.body.message, new RegExp(email.replace(".", "\\.")));
  }
  const created = (await create(scheduled)).body;
  const update = await meeting(created.id, {
    method: "PATCH",
    body: { settings: { alternative_hosts: "stranger@globex.test" } },
  });
  assert.equal(update.body.code, 1114);
  assert.equal((await meeting(created.id)).body.settings.alternative_hosts, "");
});

test("scheduling for someone else needs an admin scope (3000 otherwise)", async () => {
  const refused = await create({ ...scheduled, schedule_for: "colleague@acme.test" });
  assert.equal(refused.status, 400);
  assert.deepEqual(refused.body, {
    code: 3000,
    message: "You cannot schedule a meeting for colleague@acme.test",
  });
  const allowed = await create(
    { ...scheduled, schedule_for: "colleague@acme.test" },
    "me",
    orgToken,
  );
  assert.equal(allowed.body.host_email, "colleague@acme.test");
});

test("meetings of another account are invisible (3001), even with an admin token", async () => {
  await sandbox.app({ client_id: "globex-org", kind: "admin" });
  const globexToken = (await connect(sandbox.url, "globex-org", "stranger@globex.test"))
    .access_token;
  const theirs = (await create(scheduled, "me", globexToken)).body;
  const reply = await call(`${sandbox.url}/v2/meetings/${theirs.id}`, { token: orgToken });
  assert.equal(reply.status, 404);
  assert.equal(reply.body.code, 3001);
});

test("a user-managed token cannot touch a colleague's meeting; an admin token can", async () => {
  const colleagues = (await create(scheduled, "colleague@acme.test", orgToken)).body;
  assert.equal((await meeting(colleagues.id)).body.code, 4711);
  const asAdmin = await call(`${sandbox.url}/v2/meetings/${colleagues.id}`, {
    token: orgToken,
    method: "DELETE",
  });
  assert.equal(asAdmin.status, 204);
});
