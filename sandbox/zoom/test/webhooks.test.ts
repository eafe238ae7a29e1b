import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  call,
  connect,
  eventually,
  type ReceivedWebhook,
  startTestSandbox,
  startWebhookReceiver,
} from "./sandbox-fixture.ts";

const SECRET = "webhook-secret-token";
const sandbox = await startTestSandbox();
const receiver = await startWebhookReceiver(SECRET);
const acme = await sandbox.account("business");
const host = await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.user({ email: "quiet@acme.test", account_id: acme });
const registered = await sandbox.app({
  client_id: "confab",
  webhook_url: receiver.url,
  webhook_secret: SECRET,
});
const { access_token: token } = await connect(sandbox.url, "confab", "host@acme.test");

function verify(webhook: ReceivedWebhook): void {
  const timestamp = String(webhook.headers["x-zm-request-timestamp"]);
  const expected = createHmac("sha256", SECRET)
    .update(`v0:${timestamp}:${webhook.rawBody}`)
    .digest("hex");
  assert.equal(webhook.headers["x-zm-signature"], `v0=${expected}`);
  assert.ok(Math.abs(Number(timestamp) - Date.now() / 1000) < 300, "timestamp is current");
  assert.match(String(webhook.headers["x-zm-request-id"]), /\S+/);
}

const createMeeting = async (bearer = token) =>
  (
    await call(`${sandbox.url}/v2/users/me/meetings`, {
      token: bearer,
      body: { topic: "Retro", type: 2, start_time: "2031-05-06T10:00:00Z", duration: 30 },
    })
  ).body;

test("registering an app with a webhook URL sends a signed url_validation challenge and records the answer", async () => {
  assert.equal(registered.webhook_url_validated, true);
  const [challenge] = receiver.events("endpoint.url_validation");
  assert.ok(challenge);
  verify(challenge);
  assert.equal(typeof challenge.body.payload.plainToken, "string");
  const deliveries = await sandbox.control("/_sandbox/webhooks");
  const recorded = deliveries.find(
    (delivery: { event: string }) => delivery.event === "endpoint.url_validation",
  );
  assert.equal(recorded.answered_correctly, true);
  assert.equal(recorded.status, 200);
});

test("an endpoint that answers the challenge wrongly is recorded as not validated", async () => {
  const wrong = await startWebhookReceiver("a-different-secret");
  const app = await sandbox.app({
    client_id: "sloppy",
    webhook_url: wrong.url,
    webhook_secret: SECRET,
  });
  assert.equal(app.webhook_url_validated, false);
});

test("deleting a meeting in Zoom's UI sends a signed meeting.deleted with Zoom's payload", async () => {
  const meeting = await createMeeting();
  const result = await sandbox.control(`/_sandbox/meetings/${meeting.id}`, undefined, "DELETE");
  assert.equal(result.webhooks.length, 1);
  assert.equal(result.webhooks[0].status, 200);
  const webhook = receiver
    .events("meeting.deleted")
    .find((w) => w.body.payload.object.id === meeting.id);
  assert.ok(webhook);
  verify(webhook);
  assert.equal(webhook.body.payload.account_id, acme);
  assert.equal(webhook.body.payload.operator, "host@acme.test");
  assert.equal(typeof webhook.body.event_ts, "number");
  assert.deepEqual(webhook.body.payload.object, {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: host.id,
    topic: "Retro",
    type: 2,
    start_time: "2031-05-06T10:00:00Z",
    duration: 30,
    timezone: meeting.timezone,
  });
  const gone = await call(`${sandbox.url}/v2/meetings/${meeting.id}`, { token });
  assert.equal(gone.body.code, 3001);
});

test("deleting a meeting through the API sends meeting.deleted too", async () => {
  const meeting = await createMeeting();
  await call(`${sandbox.url}/v2/meetings/${meeting.id}`, { token, method: "DELETE" });
  await eventually(() =>
    receiver.events("meeting.deleted").find((w) => w.body.payload.object.id === meeting.id),
  );
});

test("updating a meeting sends meeting.updated with the changed fields and their old values", async () => {
  const meeting = await createMeeting();
  await call(`${sandbox.url}/v2/meetings/${meeting.id}`, {
    token,
    method: "PATCH",
    body: { topic: "Retro, moved", start_time: "2031-05-07T10:00:00Z", duration: 30 },
  });
  const webhook = await eventually(() =>
    receiver.events("meeting.updated").find((w) => w.body.payload.object.id === meeting.id),
  );
  verify(webhook);
  assert.deepEqual(webhook.body.payload.object, {
    id: meeting.id,
    uuid: meeting.uuid,
    topic: "Retro, moved",
    start_time: "2031-05-07T10:00:00Z",
  });
  assert.deepEqual(webhook.body.payload.old_object, {
    id: meeting.id,
    uuid: meeting.uuid,
    topic: "Retro",
    start_time: "2031-05-06T10:00:00Z",
  });
  assert.equal(typeof webhook.body.payload.time_stamp, "number");
});

test("deauthorizing revokes the user's tokens and sends a signed app_deauthorized", async () => {
  const tokens = await connect(sandbox.url, "confab", "quiet@acme.test");
  const result = await sandbox.control("/_sandbox/deauthorize", {
    client_id: "confab",
    user_email: "quiet@acme.test",
  });
  assert.equal(result.revoked_grants, 1);
  assert.equal(result.webhook.status, 200);
  const me = await call(`${sandbox.url}/v2/users/me`, { token: tokens.access_token });
  assert.equal(me.status, 401);
  const refreshed = await fetch(`${sandbox.url}/oauth/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from("confab:confab-secret").toString("base64")}` },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: tokens.refresh_token }),
  });
  assert.equal(refreshed.status, 400);

  const webhook = receiver.events("app_deauthorized").at(-1);
  assert.ok(webhook);
  verify(webhook);
  const payload = webhook.body.payload;
  assert.equal(payload.account_id, acme);
  assert.equal(payload.client_id, "confab");
  assert.equal(typeof payload.user_id, "string");
  assert.equal(typeof payload.signature, "string");
  assert.match(payload.deauthorization_time, /^\d{4}-\d{2}-\d{2}T/);
  // The host's own connection is untouched.
  assert.equal((await call(`${sandbox.url}/v2/users/me`, { token })).status, 200);
});

test("deauthorizing an admin-managed app revokes the whole account's authorization", async () => {
  await sandbox.app({
    client_id: "org",
    kind: "admin",
    webhook_url: receiver.url,
    webhook_secret: SECRET,
  });
  const tokens = await connect(sandbox.url, "org", "host@acme.test");
  const result = await sandbox.control("/_sandbox/deauthorize", {
    client_id: "org",
    user_email: "quiet@acme.test",
  });
  assert.equal(result.revoked_grants, 1);
  assert.equal(
    (await call(`${sandbox.url}/v2/users/me`, { token: tokens.access_token })).status,
    401,
  );
});

test("a delivery answered with a 5xx is retried 5 minutes later by the sandbox clock", async () => {
  const meeting = await createMeeting();
  await eventually(() =>
    receiver.events("meeting.created").find((w) => w.body.payload.object.id === meeting.id),
  );
  receiver.answerWith(503);
  await sandbox.control(`/_sandbox/meetings/${meeting.id}`, undefined, "DELETE");
  receiver.answerWith(200);
  const attempts = () =>
    receiver.events("meeting.deleted").filter((w) => w.body.payload.object.id === meeting.id);
  assert.equal(attempts().length, 1);
  await sandbox.control("/_sandbox/clock", { advance_seconds: 5 * 60 });
  await eventually(() => (attempts().length === 2 ? true : undefined));
  const [first, second] = attempts();
  assert.equal(first?.headers["x-zm-request-id"], second?.headers["x-zm-request-id"]);
  const recorded = (await sandbox.control("/_sandbox/webhooks")).filter(
    (delivery: { event: string; body: { payload: { object?: { id?: number } } } }) =>
      delivery.event === "meeting.deleted" && delivery.body.payload.object?.id === meeting.id,
  );
  assert.deepEqual(
    recorded.map((delivery: { attempt: number; status: number }) => [
      delivery.attempt,
      delivery.status,
    ]),
    [
      [1, 503],
      [2, 200],
    ],
  );
});

test("a delivery answered with a 4xx is not retried", async () => {
  const meeting = await createMeeting();
  await eventually(() =>
    receiver.events("meeting.created").find((w) => w.body.payload.object.id === meeting.id),
  );
  receiver.answerWith(400);
  await sandbox.control(`/_sandbox/meetings/${meeting.id}`, undefined, "DELETE");
  receiver.answerWith(200);
  await sandbox.control("/_sandbox/clock", { advance_seconds: 2 * 3600 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const attempts = receiver
    .events("meeting.deleted")
    .filter((w) => w.body.payload.object.id === meeting.id);
  assert.equal(attempts.length, 1);
});

test("editing a meeting in Zoom's UI sends meeting.updated", async () => {
  // Earlier tests moved the clock past the first token's hour.
  const fresh = (await connect(sandbox.url, "confab", "host@acme.test")).access_token;
  const meeting = await createMeeting(fresh);
  const result = await sandbox.control(
    `/_sandbox/meetings/${meeting.id}`,
    { topic: "Renamed in Zoom" },
    "PATCH",
  );
  assert.deepEqual(result.changed, { topic: "Renamed in Zoom" });
  assert.equal(result.webhooks.length, 1);
  const webhook = receiver
    .events("meeting.updated")
    .find(
      (w) =>
        w.body.payload.object.id === meeting.id &&
        w.body.payload.object.topic === "Renamed in Zoom",
    );
  assert.ok(webhook);
  verify(webhook);
  assert.equal(webhook.body.payload.old_object.topic, "Retro");
  const seen = await call(`${sandbox.url}/v2/meetings/${meeting.id}`, { token: fresh });
  assert.equal(seen.body.topic, "Renamed in Zoom");
});
