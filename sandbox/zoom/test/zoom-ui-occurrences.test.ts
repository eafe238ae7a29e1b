import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  call,
  connect,
  eventually,
  type Json,
  type ReceivedWebhook,
  startTestSandbox,
  startWebhookReceiver,
} from "./sandbox-fixture.ts";

/**
 * The owner of a series edits or deletes one occurrence in Zoom's own interface ("edit this
 * occurrence"): only that occurrence changes, and Zoom's webhook names it under `occurrences`.
 */
const SECRET = "webhook-secret-token";
const sandbox = await startTestSandbox();
const receiver = await startWebhookReceiver(SECRET);
const acme = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.app({ client_id: "confab", webhook_url: receiver.url, webhook_secret: SECRET });
const { access_token: token } = await connect(sandbox.url, "confab", "host@acme.test");

/** Tuesdays and Thursdays at 10:00 in New York, four times, from Monday 3 March 2031. */
const weekly = {
  topic: "Office hours",
  type: 8,
  start_time: "2031-03-03T10:00:00",
  timezone: "America/New_York",
  duration: 45,
  recurrence: { type: 2, repeat_interval: 1, weekly_days: "3,5", end_times: 4 },
};

const createSeries = async () =>
  (await call(`${sandbox.url}/v2/users/me/meetings`, { token, body: weekly })).body;
const readSeries = async (id: number) =>
  (await call(`${sandbox.url}/v2/meetings/${id}`, { token })).body;
const apiCalls = async () =>
  ((await sandbox.control("/_sandbox/calls")) as Json[]).filter((c) => c.path.startsWith("/v2"));

function verify(webhook: ReceivedWebhook): void {
  const timestamp = String(webhook.headers["x-zm-request-timestamp"]);
  const expected = createHmac("sha256", SECRET)
    .update(`v0:${timestamp}:${webhook.rawBody}`)
    .digest("hex");
  assert.equal(webhook.headers["x-zm-signature"], `v0=${expected}`);
}

test("moving one occurrence in Zoom's UI moves only it and sends meeting.updated naming it, old and new", async () => {
  const series = await createSeries();
  const second = series.occurrences[1];
  const callsBefore = (await apiCalls()).length;
  const result = await sandbox.control(
    `/_sandbox/meetings/${series.id}?occurrence_id=${second.occurrence_id}`,
    { start_time: "2031-03-07T14:00:00", timezone: "America/New_York", duration: 60 },
    "PATCH",
  );
  assert.deepEqual(result.changed.occurrences, [
    { occurrence_id: second.occurrence_id, start_time: "2031-03-07T19:00:00Z", duration: 60 },
  ]);
  assert.equal(result.webhooks.length, 1);
  assert.equal((await apiCalls()).length, callsBefore, "an edit in Zoom's UI is no API call");

  const after = await readSeries(series.id);
  const moved = after.occurrences.find((o: Json) => o.occurrence_id === second.occurrence_id);
  assert.deepEqual(moved, {
    occurrence_id: second.occurrence_id,
    start_time: "2031-03-07T19:00:00Z",
    duration: 60,
    status: "available",
  });
  assert.deepEqual(
    after.occurrences.filter((o: Json) => o.occurrence_id !== second.occurrence_id),
    series.occurrences.filter((o: Json) => o.occurrence_id !== second.occurrence_id),
  );
  assert.equal(after.start_time, series.start_time);
  assert.equal(after.join_url, series.join_url);

  const webhook = await eventually(() =>
    receiver
      .events("meeting.updated")
      .find((w) => w.body.payload.object.id === series.id && w.body.payload.object.occurrences),
  );
  verify(webhook);
  const { object, old_object } = webhook.body.payload;
  assert.deepEqual(object.occurrences, [
    { occurrence_id: second.occurrence_id, start_time: "2031-03-07T19:00:00Z", duration: 60 },
  ]);
  assert.deepEqual(old_object.occurrences, [
    { occurrence_id: second.occurrence_id, start_time: second.start_time, duration: 45 },
  ]);
  assert.equal(object.start_time, undefined, "the series' own start is not said to change");
  assert.equal(webhook.body.payload.operator, "host@acme.test");
});

test("deleting one occurrence in Zoom's UI leaves the series and sends meeting.deleted naming it", async () => {
  const series = await createSeries();
  const third = series.occurrences[2];
  const result = await sandbox.control(
    `/_sandbox/meetings/${series.id}?occurrence_id=${third.occurrence_id}`,
    undefined,
    "DELETE",
  );
  assert.equal(result.deleted, series.id);
  assert.equal(result.occurrence_id, third.occurrence_id);
  assert.equal(result.webhooks.length, 1);

  const after = await readSeries(series.id);
  assert.deepEqual(
    after.occurrences.map((o: Json) => o.status),
    ["available", "available", "deleted", "available"],
  );
  assert.equal(after.join_url, series.join_url);

  const webhook = await eventually(() =>
    receiver
      .events("meeting.deleted")
      .find((w) => w.body.payload.object.id === series.id && w.body.payload.object.occurrences),
  );
  verify(webhook);
  assert.deepEqual(webhook.body.payload.object.occurrences, [
    { occurrence_id: third.occurrence_id, start_time: third.start_time },
  ]);
  assert.equal(webhook.body.payload.object.topic, "Office hours");
});

test("an occurrence Zoom's UI does not have, or a field of the whole series, is refused and sends nothing", async () => {
  const series = await createSeries();
  const sent = receiver.events("meeting.updated").length;
  const unknown = await call(`${sandbox.url}/_sandbox/meetings/${series.id}?occurrence_id=1`, {
    method: "PATCH",
    body: { duration: 30 },
  });
  assert.equal(unknown.status, 404);
  assert.match(JSON.stringify(unknown.body), /3001/);
  const seriesField = await call(
    `${sandbox.url}/_sandbox/meetings/${series.id}?occurrence_id=${series.occurrences[0].occurrence_id}`,
    { method: "PATCH", body: { topic: "Renamed" } },
  );
  assert.equal(seriesField.status, 400);
  assert.match(JSON.stringify(seriesField.body), /belongs to the whole series/);
  const gone = await call(`${sandbox.url}/_sandbox/meetings/${series.id}?occurrence_id=1`, {
    method: "DELETE",
  });
  assert.equal(gone.status, 404);
  assert.equal(receiver.events("meeting.updated").length, sent);
  assert.equal((await readSeries(series.id)).topic, "Office hours");
});
