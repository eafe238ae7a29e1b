import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

/** The settings a meeting policy sets, stored and refused as Zoom does. */
const sandbox = await startTestSandbox();
const acme = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.app({ client_id: "personal" });
const { access_token: token } = await connect(sandbox.url, "personal", "host@acme.test");

const create = (body: unknown) => call(`${sandbox.url}/v2/users/me/meetings`, { token, body });
const meeting = (id: number, init: { method?: string; body?: unknown } = {}) =>
  call(`${sandbox.url}/v2/meetings/${id}`, { token, ...init });
const scheduled = { topic: "Mentoring", type: 2, start_time: "2031-03-04T15:00:00Z", duration: 30 };

test("the settings a policy sends are stored and returned as sent, by create and by get", async () => {
  const settings = {
    waiting_room: false,
    join_before_host: true,
    mute_upon_entry: true,
    meeting_authentication: true,
    auto_recording: "none",
  };
  const made = await create({ ...scheduled, password: "Ab3xY9kQ", settings });
  assert.equal(made.status, 201);
  assert.equal(made.body.password, "Ab3xY9kQ");
  for (const [key, value] of Object.entries(settings)) {
    assert.equal(made.body.settings[key], value, key);
  }
  const read = await meeting(made.body.id);
  assert.deepEqual(read.body.settings, made.body.settings);
  assert.equal(read.body.password, "Ab3xY9kQ");
});

test("a waiting room overrides join before host, sent together or one after the other", async () => {
  const both = await create({
    ...scheduled,
    settings: { waiting_room: true, join_before_host: true },
  });
  assert.equal(both.status, 201);
  assert.equal(both.body.settings.waiting_room, true);
  assert.equal(both.body.settings.join_before_host, false);

  const open = await create({ ...scheduled, settings: { join_before_host: true } });
  assert.equal(open.body.settings.join_before_host, true);
  const later = await meeting(open.body.id, {
    method: "PATCH",
    body: { settings: { waiting_room: true } },
  });
  assert.equal(later.status, 204);
  assert.equal((await meeting(open.body.id)).body.settings.join_before_host, false);
  const again = await meeting(open.body.id, {
    method: "PATCH",
    body: { settings: { join_before_host: true } },
  });
  assert.equal(again.status, 204);
  const read = await meeting(open.body.id);
  assert.equal(read.body.settings.join_before_host, false, "still overridden by the waiting room");
  await meeting(open.body.id, { method: "PATCH", body: { settings: { waiting_room: false } } });
  await meeting(open.body.id, { method: "PATCH", body: { settings: { join_before_host: true } } });
  assert.equal((await meeting(open.body.id)).body.settings.join_before_host, true);
});

test("a passcode longer than 10 characters or with a character Zoom does not take is refused with 300, on create and on update", async () => {
  for (const password of ["Ab3xY9kQ7zP", "pass word", "ab3!x9"]) {
    const refused = await create({ ...scheduled, password });
    assert.equal(refused.status, 400, password);
    assert.equal(refused.body.code, 300);
    assert.equal(refused.body.message, "Validation Failed.");
    assert.deepEqual(
      refused.body.errors.map((e: { field: string }) => e.field),
      ["password"],
    );
  }
  const made = await create({ ...scheduled, password: "Ab3-x_9*@Z" });
  assert.equal(made.status, 201, "ten characters of Zoom's own set are taken");
  const refused = await meeting(made.body.id, {
    method: "PATCH",
    body: { password: "x".repeat(11) },
  });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 300);
  assert.equal((await meeting(made.body.id)).body.password, "Ab3-x_9*@Z", "nothing changed");
});

test("an auto_recording Zoom does not know is refused", async () => {
  const refused = await create({ ...scheduled, settings: { auto_recording: "sometimes" } });
  assert.equal(refused.status, 400);
  assert.equal(refused.body.code, 300);
  assert.ok(
    refused.body.errors.some((e: { field: string }) => /auto_recording/.test(e.field)),
    JSON.stringify(refused.body.errors),
  );
});
