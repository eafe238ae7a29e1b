import assert from "node:assert/strict";
import { test } from "node:test";
import { replyProblems } from "../openapi-validation.ts";
import {
  call,
  connect,
  eventually,
  type Json,
  startTestSandbox,
  startWebhookReceiver,
} from "./sandbox-fixture.ts";

const SECRET = "webhook-secret-token";
const sandbox = await startTestSandbox();
const receiver = await startWebhookReceiver(SECRET);
const acme = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: acme, role: "owner" });
await sandbox.app({ client_id: "confab", webhook_url: receiver.url, webhook_secret: SECRET });

const { access_token: token } = await connect(sandbox.url, "confab", "host@acme.test");

const create = (body: unknown, bearer = token) =>
  call(`${sandbox.url}/v2/users/me/meetings`, { token: bearer, body });
const meeting = (id: number, query = "", init: { method?: string; body?: unknown } = {}) =>
  call(`${sandbox.url}/v2/meetings/${id}${query}`, { token, ...init });

/** Tuesdays and Thursdays at 10:00 in New York, eight times, from Monday 3 March 2031. */
const weekly = {
  topic: "Office hours",
  type: 8,
  start_time: "2031-03-03T10:00:00",
  timezone: "America/New_York",
  duration: 45,
  agenda: "confab:event:series_1",
  recurrence: { type: 2, repeat_interval: 1, weekly_days: "3,5", end_times: 8 },
};

const startTimes = (body: Json) =>
  body.occurrences.map((occurrence: Json) => occurrence.start_time as string);

test("a weekly series of 8 on chosen days has 8 occurrences, at the same local time, and one join link", async () => {
  const reply = await create(weekly);
  assert.equal(reply.status, 201);
  const series = reply.body;
  assert.equal(series.type, 8);
  // New York moves to summer time on 9 March: 10:00 local is 15:00Z before, 14:00Z after.
  assert.deepEqual(startTimes(series), [
    "2031-03-04T15:00:00Z",
    "2031-03-06T15:00:00Z",
    "2031-03-11T14:00:00Z",
    "2031-03-13T14:00:00Z",
    "2031-03-18T14:00:00Z",
    "2031-03-20T14:00:00Z",
    "2031-03-25T14:00:00Z",
    "2031-03-27T14:00:00Z",
  ]);
  for (const occurrence of series.occurrences) {
    assert.equal(occurrence.occurrence_id, String(Date.parse(occurrence.start_time)));
    assert.equal(occurrence.duration, 45);
    assert.equal(occurrence.status, "available");
  }
  // The series starts at its first occurrence (the Monday it was given is not a meeting day).
  assert.equal(series.start_time, "2031-03-04T15:00:00Z");
  assert.deepEqual(series.recurrence, {
    type: 2,
    repeat_interval: 1,
    weekly_days: "3,5",
    end_times: 8,
  });
  assert.equal(typeof series.join_url, "string");
  assert.match(series.join_url, new RegExp(`/j/${series.id}\\?pwd=`));
  assert.equal("join_url" in series.occurrences[0], false);
  assert.deepEqual(replyProblems("createMeeting", series), []);

  const got = await meeting(series.id);
  assert.deepEqual(got.body, series);
  assert.deepEqual(replyProblems("getMeeting", got.body), []);

  const created = await eventually(() =>
    receiver.events("meeting.created").find((w) => w.body.payload.object.id === series.id),
  );
  assert.deepEqual(created.body.payload.object.occurrences, series.occurrences);
  assert.deepEqual(created.body.payload.object.recurrence, series.recurrence);
  assert.equal(created.body.payload.object.join_url, series.join_url);
});

test("a series of 51 occurrences is refused with code 300 naming the cap of 50", async () => {
  const reply = await create({ ...weekly, recurrence: { ...weekly.recurrence, end_times: 51 } });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.code, 300);
  assert.equal(reply.body.message, "Validation Failed.");
  assert.equal(reply.body.errors.length, 1);
  assert.equal(reply.body.errors[0].field, "recurrence.end_times");
  assert.match(reply.body.errors[0].message, /at most 50 occurrences/);
  const fifty = await create({ ...weekly, recurrence: { ...weekly.recurrence, end_times: 50 } });
  assert.equal(fifty.body.occurrences.length, 50);
});

test("invalid recurrences are refused field by field with code 300", async () => {
  const cases: [Record<string, unknown> | undefined, string][] = [
    [undefined, "recurrence"],
    [{ type: 4, end_times: 2 }, "recurrence.type"],
    [{ type: 1, repeat_interval: 91, end_times: 2 }, "recurrence.repeat_interval"],
    [
      { type: 2, repeat_interval: 13, weekly_days: "2", end_times: 2 },
      "recurrence.repeat_interval",
    ],
    [{ type: 3, repeat_interval: 4, monthly_day: 1, end_times: 2 }, "recurrence.repeat_interval"],
    [{ type: 2, weekly_days: "2,8", end_times: 2 }, "recurrence.weekly_days"],
    [{ type: 3, end_times: 2 }, "recurrence.monthly_day"],
    [{ type: 3, monthly_day: 32, end_times: 2 }, "recurrence.monthly_day"],
    [{ type: 3, monthly_week: 5, monthly_week_day: 2, end_times: 2 }, "recurrence.monthly_week"],
    [{ type: 1, end_times: 0 }, "recurrence.end_times"],
    [{ type: 1, end_times: 2, end_date_time: "2031-04-01T00:00:00Z" }, "recurrence.end_date_time"],
    [{ type: 1, end_date_time: "next month" }, "recurrence.end_date_time"],
    [{ type: 1, end_date_time: "2031-01-01T00:00:00Z" }, "recurrence.end_date_time"],
  ];
  for (const [recurrence, field] of cases) {
    const reply = await create({ ...weekly, recurrence });
    assert.equal(reply.status, 400, `${JSON.stringify(recurrence)} should be refused`);
    assert.equal(reply.body.code, 300);
    assert.deepEqual(
      reply.body.errors.map((error: Json) => error.field),
      [field],
      JSON.stringify(recurrence),
    );
    assert.notEqual(reply.body.errors[0].message, "");
  }
});

test("an end date ends a daily series, and a far one stops at 50 occurrences", async () => {
  const base = { ...weekly, start_time: "2031-06-01T09:00:00Z", timezone: "UTC" };
  const threeDays = await create({
    ...base,
    recurrence: { type: 1, repeat_interval: 2, end_date_time: "2031-06-05T09:00:00Z" },
  });
  assert.deepEqual(startTimes(threeDays.body), [
    "2031-06-01T09:00:00Z",
    "2031-06-03T09:00:00Z",
    "2031-06-05T09:00:00Z",
  ]);
  const far = await create({
    ...base,
    recurrence: { type: 1, end_date_time: "2032-06-01T00:00:00Z" },
  });
  assert.equal(far.body.occurrences.length, 50);
  assert.equal(far.body.occurrences[49].start_time, "2031-07-20T09:00:00Z");
});

test("a monthly series meets on a day of the month, or on a week and weekday of it", async () => {
  const base = { ...weekly, start_time: "2031-01-10T12:00:00Z", timezone: "UTC" };
  const onThe15th = await create({
    ...base,
    recurrence: { type: 3, repeat_interval: 2, monthly_day: 15, end_times: 3 },
  });
  assert.deepEqual(startTimes(onThe15th.body), [
    "2031-01-15T12:00:00Z",
    "2031-03-15T12:00:00Z",
    "2031-05-15T12:00:00Z",
  ]);
  const lastFriday = await create({
    ...base,
    recurrence: { type: 3, monthly_week: -1, monthly_week_day: 6, end_times: 3 },
  });
  assert.deepEqual(startTimes(lastFriday.body), [
    "2031-01-31T12:00:00Z",
    "2031-02-28T12:00:00Z",
    "2031-03-28T12:00:00Z",
  ]);
});

test("updating one occurrence moves only that occurrence; the series and its link stay", async () => {
  const series = (await create(weekly)).body;
  const third = series.occurrences[2];
  const moved = await meeting(series.id, `?occurrence_id=${third.occurrence_id}`, {
    method: "PATCH",
    body: { start_time: "2031-03-12T16:00:00Z", duration: 30, agenda: "moved this week" },
  });
  assert.equal(moved.status, 204);
  assert.equal(moved.body, undefined);

  const after = (await meeting(series.id)).body;
  assert.equal(after.occurrences.length, 8);
  const again = after.occurrences.find((o: Json) => o.occurrence_id === third.occurrence_id);
  assert.deepEqual(again, {
    occurrence_id: third.occurrence_id,
    start_time: "2031-03-12T16:00:00Z",
    duration: 30,
    status: "available",
  });
  for (const occurrence of after.occurrences) {
    if (occurrence.occurrence_id === third.occurrence_id) continue;
    const before = series.occurrences.find(
      (o: Json) => o.occurrence_id === occurrence.occurrence_id,
    );
    assert.deepEqual(occurrence, before);
  }
  assert.equal(after.start_time, series.start_time);
  assert.equal(after.duration, 45);
  assert.equal(after.agenda, series.agenda);
  assert.equal(after.join_url, series.join_url);

  const one = (await meeting(series.id, `?occurrence_id=${third.occurrence_id}`)).body;
  assert.equal(one.start_time, "2031-03-12T16:00:00Z");
  assert.equal(one.duration, 30);
  assert.equal(one.agenda, "moved this week");
  assert.equal(one.join_url, series.join_url);

  const webhook = await eventually(() =>
    receiver.events("meeting.updated").find((w) => w.body.payload.object.id === series.id),
  );
  assert.deepEqual(webhook.body.payload.object.occurrences, [
    { occurrence_id: third.occurrence_id, start_time: "2031-03-12T16:00:00Z", duration: 30 },
  ]);
  assert.deepEqual(webhook.body.payload.old_object.occurrences, [
    { occurrence_id: third.occurrence_id, start_time: third.start_time, duration: 45 },
  ]);
  assert.equal(webhook.body.payload.object.agenda, "moved this week");
});

test("fields of the whole series cannot be changed through one occurrence", async () => {
  const series = (await create(weekly)).body;
  const first = series.occurrences[0].occurrence_id;
  const reply = await meeting(series.id, `?occurrence_id=${first}`, {
    method: "PATCH",
    body: { topic: "Renamed", settings: { waiting_room: true, alternative_hosts: "" } },
  });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.code, 300);
  assert.deepEqual(
    reply.body.errors.map((error: Json) => error.field),
    ["topic", "settings.alternative_hosts"],
  );
  assert.equal((await meeting(series.id)).body.topic, "Office hours");
});

test("deleting one occurrence marks only it deleted; the series goes on", async () => {
  const series = (await create(weekly)).body;
  const second = series.occurrences[1];
  const deleted = await meeting(series.id, `?occurrence_id=${second.occurrence_id}`, {
    method: "DELETE",
  });
  assert.equal(deleted.status, 204);

  const after = (await meeting(series.id)).body;
  assert.equal(after.occurrences.length, 8);
  const statuses = after.occurrences.map((o: Json) => o.status);
  assert.deepEqual(statuses, [
    "available",
    "deleted",
    "available",
    "available",
    "available",
    "available",
    "available",
    "available",
  ]);
  assert.equal(after.join_url, series.join_url);
  const gone = await meeting(series.id, `?occurrence_id=${second.occurrence_id}`);
  assert.equal(gone.status, 404);
  assert.equal(gone.body.code, 3001);

  const webhook = await eventually(() =>
    receiver.events("meeting.deleted").find((w) => w.body.payload.object.id === series.id),
  );
  assert.deepEqual(webhook.body.payload.object.occurrences, [
    { occurrence_id: second.occurrence_id, start_time: second.start_time },
  ]);

  const whole = await meeting(series.id, "", { method: "DELETE" });
  assert.equal(whole.status, 204);
  assert.equal((await meeting(series.id)).body.code, 3001);
});

test("an unknown occurrence id is refused with 404 code 3001 on get, update and delete", async () => {
  const series = (await create(weekly)).body;
  const plain = (await create({ topic: "One-off", type: 2, start_time: "2031-03-04T15:00:00Z" }))
    .body;
  for (const [id, occurrenceId] of [
    [series.id, "1234567890000"],
    [series.id, "not-an-id"],
    [plain.id, String(Date.parse(plain.start_time))],
  ] as const) {
    for (const init of [{}, { method: "PATCH", body: { duration: 30 } }, { method: "DELETE" }]) {
      const reply = await meeting(id, `?occurrence_id=${occurrenceId}`, init);
      assert.equal(reply.status, 404, `${JSON.stringify(init)} ${occurrenceId}`);
      assert.deepEqual(reply.body, {
        code: 3001,
        message: `Meeting occurrence does not exist: ${occurrenceId}.`,
      });
    }
  }
  assert.equal((await meeting(series.id)).body.occurrences.length, 8);
  assert.equal((await meeting(plain.id)).status, 200);
});

test("updating the series with a new recurrence schedules its occurrences anew", async () => {
  const series = (await create(weekly)).body;
  const moved = await meeting(series.id, "", {
    method: "PATCH",
    body: {
      start_time: "2031-04-07T09:00:00",
      recurrence: { type: 2, weekly_days: "2", end_times: 3 },
      duration: 60,
    },
  });
  assert.equal(moved.status, 204);
  const after = (await meeting(series.id)).body;
  assert.deepEqual(startTimes(after), [
    "2031-04-07T13:00:00Z",
    "2031-04-14T13:00:00Z",
    "2031-04-21T13:00:00Z",
  ]);
  assert.ok(after.occurrences.every((o: Json) => o.duration === 60));
  assert.equal(after.start_time, "2031-04-07T13:00:00Z");
  assert.equal(after.join_url, series.join_url);

  const noRecurrence = await meeting(series.id, "", {
    method: "PATCH",
    body: { start_time: "2031-05-05T09:00:00" },
  });
  assert.equal(noRecurrence.status, 400);
  assert.equal(noRecurrence.body.code, 300);
  assert.equal(noRecurrence.body.errors[0].field, "recurrence");

  const longer = await meeting(series.id, "", { method: "PATCH", body: { duration: 90 } });
  assert.equal(longer.status, 204);
  const longerAfter = (await meeting(series.id)).body;
  assert.deepEqual(startTimes(longerAfter), startTimes(after));
  assert.ok(longerAfter.occurrences.every((o: Json) => o.duration === 90));
});

test("past occurrences are shown only with show_previous_occurrences=true", async () => {
  const now = Date.parse((await sandbox.control("/_sandbox/clock")).now);
  const start = new Date(now - 3 * 86_400_000 + 3_600_000).toISOString();
  const series = (
    await create({
      ...weekly,
      start_time: start.replace(/\.\d{3}Z$/, "Z"),
      timezone: "UTC",
      duration: 30,
      recurrence: { type: 1, end_times: 6 },
    })
  ).body;
  const upcoming = (await meeting(series.id)).body;
  assert.equal(upcoming.occurrences.length, 3);
  const all = (await meeting(series.id, "?show_previous_occurrences=true")).body;
  assert.equal(all.occurrences.length, 6);
  const bad = await meeting(series.id, "?show_previous_occurrences=maybe");
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.errors, [
    { field: "show_previous_occurrences", message: "Invalid field." },
  ]);

  const listed = (
    await call(`${sandbox.url}/v2/users/me/meetings?type=upcoming&page_size=300`, { token })
  ).body;
  const item = listed.meetings.filter((m: Json) => m.id === series.id);
  assert.equal(item.length, 1);
  assert.equal(item[0].type, 8);
  assert.equal(item[0].start_time, upcoming.occurrences[0].start_time);
  assert.deepEqual(replyProblems("listMeetings", listed), []);
});

test("a series counts as one create toward the host's daily 100", async () => {
  const current = Date.parse((await sandbox.control("/_sandbox/clock")).now);
  const day = new Date(current);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
  await sandbox.control("/_sandbox/clock", {
    advance_seconds: Math.ceil((midnight - current) / 1000) + 60,
    frozen: true,
  });
  try {
    await sandbox.user({ email: "busy@acme.test", account_id: acme });
    const busy = (await connect(sandbox.url, "confab", "busy@acme.test")).access_token;
    const fifty = await create({ ...weekly, recurrence: { type: 1, end_times: 50 } }, busy);
    assert.equal(fifty.body.occurrences.length, 50);
    for (let used = 1; used < 100; used++) {
      // Business accounts get 60 creates a second: step the frozen clock now and then.
      if (used % 50 === 0) await sandbox.control("/_sandbox/clock", { advance_seconds: 1 });
      assert.equal(
        (await create({ topic: "One-off", type: 2 }, busy)).status,
        201,
        `create ${used + 1}`,
      );
    }
    const refused = await create({ topic: "One too many", type: 2 }, busy);
    assert.equal(refused.status, 429);
  } finally {
    await sandbox.control("/_sandbox/clock", { frozen: false });
  }
});
