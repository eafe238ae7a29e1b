import assert from "node:assert/strict";
import { test } from "node:test";
import { replyProblems } from "../openapi-validation.ts";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const account = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: account, role: "owner" });
await sandbox.user({ email: "alt@acme.test", account_id: account });
await sandbox.app({ client_id: "confab" });
const { access_token: token } = await connect(sandbox.url, "confab", "host@acme.test");

const created = await call(`${sandbox.url}/v2/users/me/meetings`, {
  token,
  body: {
    topic: "Conformance",
    type: 2,
    start_time: "2031-01-02T03:04:05Z",
    duration: 30,
    timezone: "Asia/Tokyo",
    agenda: "marker",
    password: "abc123",
    settings: { alternative_hosts: "alt@acme.test", waiting_room: true },
    tracking_fields: [{ field: "confab", value: "evt" }],
  },
});

test("the create reply conforms to Zoom's description of the 201", () => {
  assert.equal(created.status, 201);
  assert.deepEqual(replyProblems("createMeeting", created.body), []);
});

test("the get reply conforms to Zoom's description of the 200", async () => {
  const reply = await call(`${sandbox.url}/v2/meetings/${created.body.id}`, { token });
  assert.deepEqual(replyProblems("getMeeting", reply.body), []);
});

test("the list reply conforms to Zoom's description of MeetingList", async () => {
  const reply = await call(`${sandbox.url}/v2/users/me/meetings?type=scheduled`, { token });
  assert.equal(reply.body.meetings.length, 1);
  assert.deepEqual(replyProblems("listMeetings", reply.body), []);
});

test("the user reply conforms to Zoom's description of a user", async () => {
  const reply = await call(`${sandbox.url}/v2/users/me`, { token });
  assert.deepEqual(replyProblems("getUser", reply.body), []);
});

test("the conformance check itself notices a reply that breaks the description", () => {
  const broken = {
    ...created.body,
    type: 7,
    created_at: "yesterday",
    settings: { audio: "smoke" },
  };
  assert.equal(replyProblems("getMeeting", broken).length, 3);
});
