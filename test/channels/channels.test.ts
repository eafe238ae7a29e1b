import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { channelRules } from "../../src/channels/create-channel.ts";
import {
  eventually,
  type Received,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";

const world = await startConferencingWorld();
const { api, calendarFor, db, application, registerApplication } = world;

type Errors = Record<string, { key: string; description: string }[]>;

function open(calendar: { token: string }, body: unknown) {
  return api("POST", "/v1/channels", { token: calendar.token, body });
}
const list = (calendar: { token: string }) => api("GET", "/v1/channels", { token: calendar.token });
const close = (calendar: { token: string }, channelId: string) =>
  api("DELETE", `/v1/channels/${channelId}`, { token: calendar.token });

const parsed = (received: Received[]) => received.map((r) => JSON.parse(r.body));

async function channelRows(calendarId: string) {
  return db.selectFrom("channels").selectAll().where("calendar_id", "=", calendarId).execute();
}

async function untilDelivered() {
  await untilNoJobsLeft(
    db,
    { tasks: ["conferencing:deliver_notification"] },
    "every notification delivered",
  );
}

test("a channel is opened in Cronofy's shape, listed, and sent a verification signed with the client secret", async () => {
  const receiver = await startReceiver();
  const calendar = await calendarFor("opens-a-channel");
  const filters = { calendar_ids: [calendar.calendarId], only_managed: false };
  const reply = await open(calendar, { callback_url: receiver.url, filters });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const channel = reply.body.channel as Record<string, unknown>;
  assert.match(String(channel.channel_id), /^chn_[0-9a-f]{24}$/);
  assert.deepEqual(channel, {
    channel_id: channel.channel_id,
    callback_url: receiver.url,
    filters,
  });

  assert.deepEqual((await list(calendar)).body, { channels: [channel] });

  const delivery = await eventually(async () => receiver.received[0], 15_000, "the verification");
  assert.deepEqual(JSON.parse(delivery.body), { notification: { type: "verification" }, channel });
  assert.equal(
    delivery.headers["cronofy-hmac-sha256"],
    createHmac("sha256", application.clientSecret).update(delivery.body).digest("base64"),
  );
  assert.match(
    String(delivery.headers["confab-signature"]),
    /^t=\d+,id=ntf_[0-9a-f]+,v1=[0-9a-f]{64}$/,
  );
});

test("asking again for an identical channel answers the same channel and sends no second verification", async () => {
  const receiver = await startReceiver();
  const calendar = await calendarFor("asks-twice");
  const first = await open(calendar, { callback_url: receiver.url });
  const again = await open(calendar, { callback_url: receiver.url });
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  assert.deepEqual((first.body.channel as Record<string, unknown>).filters, {});
  const other = await open(calendar, {
    callback_url: receiver.url,
    filters: { only_managed: true },
  });
  assert.notEqual(
    (other.body.channel as { channel_id: string }).channel_id,
    (first.body.channel as { channel_id: string }).channel_id,
    "other filters make another channel",
  );
  assert.equal(((await list(calendar)).body.channels as unknown[]).length, 2);
  await untilDelivered();
  assert.deepEqual(
    parsed(receiver.received).map((body) => body.notification.type),
    ["verification", "verification"],
  );
});

test("a closed channel is no longer listed, its undelivered notifications are not sent, and closing it again is still a 202", async () => {
  const receiver = await startReceiver();
  // The endpoint fails the verification, so it is still waiting for a retry when the channel closes.
  receiver.answers.push(500);
  const calendar = await calendarFor("closes-a-channel");
  const reply = await open(calendar, { callback_url: receiver.url });
  const { channel_id } = reply.body.channel as { channel_id: string };
  await eventually(async () => receiver.received.length === 1, 15_000, "the first attempt");

  const closed = await close(calendar, channel_id);
  assert.equal(closed.status, 202);
  assert.equal(closed.headers.get("content-length"), "0");
  assert.deepEqual((await list(calendar)).body, { channels: [] });
  const [notification] = await db
    .selectFrom("notifications")
    .select(["superseded_at", "delivered_at"])
    .where("channel_id", "=", channel_id)
    .execute();
  assert.ok(notification?.superseded_at, "the waiting retry is dropped");
  assert.equal(notification?.delivered_at, null);
  await untilDelivered();
  assert.equal(receiver.received.length, 1, "nothing more was sent");

  assert.equal((await close(calendar, channel_id)).status, 202);
});

test("one calendar's channels are invisible to every other calendar, of its application or another", async () => {
  const receiver = await startReceiver();
  const owner = await calendarFor("channel-owner");
  const neighbour = await calendarFor("channel-neighbour");
  const stranger = await calendarFor("channel-stranger", await registerApplication());
  const { channel_id } = (await open(owner, { callback_url: receiver.url })).body.channel as {
    channel_id: string;
  };
  for (const other of [neighbour, stranger]) {
    assert.deepEqual((await list(other)).body, { channels: [] });
    const refused = await close(other, channel_id);
    assert.equal(refused.status, 404);
    assert.match(String(refused.body.message), /no such channel/);
  }
  assert.deepEqual(
    ((await list(owner)).body.channels as { channel_id: string }[]).map((c) => c.channel_id),
    [channel_id],
  );
  const foreignFilter = await open(neighbour, {
    callback_url: receiver.url,
    filters: { calendar_ids: [owner.calendarId] },
  });
  assert.equal(foreignFilter.status, 422);
  assert.match(
    (foreignFilter.body.errors as Errors).filters?.[0]?.description ?? "",
    new RegExp(`${owner.calendarId} is not a calendar of this account`),
  );
});

test("the channel routes need a valid token, and say so", async () => {
  for (const token of [undefined, "cfat_made_up"]) {
    for (const [method, path] of [
      ["GET", "/v1/channels"],
      ["POST", "/v1/channels"],
      ["DELETE", "/v1/channels/chn_000000000000000000000000"],
    ] as const) {
      const reply = await api(method, path, {
        ...(token ? { token } : {}),
        ...(method === "POST" ? { body: { callback_url: "https://hooks.example.com/x" } } : {}),
      });
      assert.equal(reply.status, 401, `${method} ${path}`);
      assert.match(String(reply.body.message), /access token/);
    }
  }
  assert.equal(
    await db
      .selectFrom("channels")
      .select("id")
      .where("callback_url", "=", "https://hooks.example.com/x")
      .executeTakeFirst(),
    undefined,
  );
});

test("bad bodies are refused with a 422 in Cronofy's shape that names each field, and nothing is stored", async () => {
  const calendar = await calendarFor("sends-bad-bodies");
  const url = "https://hooks.example.com/x";
  const cases: [unknown, string, string, RegExp][] = [
    [{}, "callback_url", "required", /callback_url is required/],
    [{ callback_url: "" }, "callback_url", "required", /required/],
    [{ callback_url: "not a url" }, "callback_url", "invalid", /is not a URL/],
    [{ callback_url: { href: url } }, "callback_url", "invalid_type", /must be string/],
    [{ callback_url: "ftp://hooks.example.com/x" }, "callback_url", "invalid", /http or https/],
    [{ callback_url: url, filters: { calendar_ids: [] } }, "filters", "blank", /fewer than 1/],
    [
      { callback_url: url, filters: { calendar_ids: ["cal_elsewhere"] } },
      "filters",
      "invalid",
      /cal_elsewhere is not a calendar of this account/,
    ],
    [
      { callback_url: url, filters: { from: "2024-01-01" } },
      "filters",
      "unknown",
      /Unknown filter from/,
    ],
    [
      { callback_url: url, scheduling_conversations: { enabled: true } },
      "scheduling_conversations",
      "not_supported",
      /not something confab's channels take/,
    ],
  ];
  for (const [body, field, rule, description] of cases) {
    const reply = await open(calendar, body);
    assert.equal(reply.status, 422, JSON.stringify(body));
    const problem = (reply.body.errors as Errors)[field]?.[0];
    assert.equal(problem?.key, `errors.${rule}`, JSON.stringify(reply.body));
    assert.match(problem?.description ?? "", description, JSON.stringify(body));
  }
  assert.deepEqual(await channelRows(calendar.calendarId), []);
});

test(`a calendar holds at most ${channelRules.openPerCalendar} open channels; a closed one makes room`, async () => {
  const calendar = await calendarFor("holds-many-channels");
  // The cap's neighbourhood is reached directly: opening them one by one through the API would
  // only measure the rate limit.
  await db
    .insertInto("channels")
    .values(
      Array.from({ length: channelRules.openPerCalendar }, (_, n) => ({
        id: `chn_cap${String(n).padStart(21, "0")}`,
        calendar_id: calendar.calendarId,
        callback_url: `https://hooks.example.com/${n}`,
        filters: "{}",
      })),
    )
    .execute();
  const refused = await open(calendar, { callback_url: "https://hooks.example.com/one-more" });
  assert.equal(refused.status, 422);
  assert.equal((refused.body.errors as Errors).callback_url?.[0]?.key, "errors.too_many");
  assert.match(
    (refused.body.errors as Errors).callback_url?.[0]?.description ?? "",
    new RegExp(`${channelRules.openPerCalendar} open channels, the most it may hold`),
  );
  assert.equal((await channelRows(calendar.calendarId)).length, channelRules.openPerCalendar);
  assert.equal(
    await db
      .selectFrom("notifications")
      .select("id")
      .where("uri", "=", "https://hooks.example.com/one-more")
      .executeTakeFirst(),
    undefined,
    "no verification for a refused channel",
  );

  assert.equal((await close(calendar, "chn_cap000000000000000000000")).status, 202);
  const opened = await open(calendar, { callback_url: "https://hooks.example.com/one-more" });
  assert.equal(opened.status, 200);
});

test("a callback_url outside the origins the organization pinned is refused with the allowed ones named", async () => {
  const receiver = await startReceiver();
  const pinning = await registerApplication();
  const { browser, page } = await world.applicationAdmin(
    pinning,
    "pins-origins@scheduling.example",
  );
  const pinned = await browser.post(`${page}/callback-origins`, {
    callback_origins: "https://hooks.example.com",
  });
  assert.equal(pinned.status, 303);
  const calendar = await calendarFor("pinned-channels", pinning);
  const outside = await open(calendar, { callback_url: receiver.url });
  assert.equal(outside.status, 422);
  assert.match(
    (outside.body.errors as Errors).callback_url?.[0]?.description ?? "",
    /http:\/\/127\.0\.0\.1:\d+ is not among the origins .* \(https:\/\/hooks\.example\.com\)/,
  );
  assert.deepEqual(await channelRows(calendar.calendarId), []);
  const inside = await open(calendar, { callback_url: "https://hooks.example.com/cronofy" });
  assert.equal(inside.status, 200);
});

test("in production posture a callback_url that reaches a loopback or private address is refused, and nothing is stored", async () => {
  const production = await startConferencingWorld({
    CONFAB_CALLBACK_ALLOW: "",
    CONFAB_CALLBACK_HTTP: "off",
  });
  const calendar = await production.calendarFor("production-channels");
  const receiver = await startReceiver();
  for (const [callbackUrl, why] of [
    [receiver.url, /must be an https URL/],
    ["https://127.0.0.1/hooks", /127\.0\.0\.1, a loopback address/],
    ["https://10.0.0.8/hooks", /10\.0\.0\.8, a private address/],
    ["https://169.254.169.254/latest/meta-data", /link-local/],
    ["https://localhost/hooks", /loopback/],
  ] as const) {
    const reply = await production.api("POST", "/v1/channels", {
      token: calendar.token,
      body: { callback_url: callbackUrl },
    });
    assert.equal(reply.status, 422, callbackUrl);
    assert.match((reply.body.errors as Errors).callback_url?.[0]?.description ?? "", why);
  }
  assert.deepEqual(
    await production.db.selectFrom("channels").select("id").execute(),
    [],
    "no channel",
  );
  assert.deepEqual(
    await production.db.selectFrom("notifications").select("id").execute(),
    [],
    "no verification",
  );
});
