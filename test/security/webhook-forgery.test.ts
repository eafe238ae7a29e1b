import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import { sql } from "kysely";
import { changedTables, databaseFingerprint } from "../support/database-fingerprint.ts";
import { buildWebApp } from "../support/web-app.ts";

/**
 * Zoom's webhooks are the only door into confab that carries no token: what cannot prove it
 * comes from Zoom, now, and for the first time, is refused and changes nothing. (Bad signature,
 * stale timestamp and a replay with the same request id are in test/connections.)
 */
const secret = "webhook-forgery-secret";
const { app, db } = await buildWebApp({
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_USER_CLIENT_ID: "forgery-user-app",
  ZOOM_USER_CLIENT_SECRET: "forgery-user-app-secret",
  ZOOM_WEBHOOK_SECRET: secret,
});

function sign(body: string, timestamp = Math.floor(Date.now() / 1000), key = secret) {
  const digest = createHmac("sha256", key).update(`v0:${timestamp}:${body}`).digest("hex");
  return { signature: `v0=${digest}`, timestamp: String(timestamp) };
}

async function deliver(body: string, headers: Record<string, string | string[]>) {
  const reply = await app.inject({
    method: "POST",
    url: "/webhooks/zoom",
    headers: { "content-type": "application/json", ...headers },
    payload: body,
  });
  return { status: reply.statusCode, body: reply.json() as Record<string, unknown> };
}

async function jobsFor(meetingId: string) {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from graphile_worker._private_jobs j
    join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'conferencing:meeting_changed_at_provider'
      and j.payload->>'meetingId' = ${meetingId}`.execute(db);
  return rows[0]?.n ?? 0;
}

const deletion = (id: number) =>
  JSON.stringify({ event: "meeting.deleted", payload: { object: { id } } });

test("a captured delivery replayed with a new request id is acknowledged but acted on once", async () => {
  const body = deletion(101);
  const { signature, timestamp } = sign(body);
  const headers = (id: string) => ({
    "x-zm-signature": signature,
    "x-zm-request-timestamp": timestamp,
    "x-zm-request-id": id,
  });
  assert.deepEqual((await deliver(body, headers("original"))).body, { status: "applied" });
  assert.deepEqual((await deliver(body, headers("replayed-1"))).body, { status: "duplicate" });
  const noId = await deliver(body, {
    "x-zm-signature": signature,
    "x-zm-request-timestamp": timestamp,
  });
  assert.deepEqual(noId.body, { status: "duplicate" });
  assert.equal(await jobsFor("101"), 1);
});

test("Zoom's retry of a delivery (same request id, signed anew) is acted on once", async () => {
  const body = deletion(102);
  const first = sign(body, Math.floor(Date.now() / 1000) - 60);
  const retry = sign(body);
  for (const signed of [first, retry]) {
    await deliver(body, {
      "x-zm-signature": signed.signature,
      "x-zm-request-timestamp": signed.timestamp,
      "x-zm-request-id": "retried",
    });
  }
  assert.equal(await jobsFor("102"), 1);
});

test("two different deliveries are both acted on", async () => {
  for (const id of [103, 104]) {
    const body = deletion(id);
    const { signature, timestamp } = sign(body);
    const reply = await deliver(body, {
      "x-zm-signature": signature,
      "x-zm-request-timestamp": timestamp,
      "x-zm-request-id": `delivery-${id}`,
    });
    assert.deepEqual(reply.body, { status: "applied" });
  }
  assert.equal((await jobsFor("103")) + (await jobsFor("104")), 2);
});

test("deliveries dated in the future, unreadably, or signed some other way are refused and change nothing", async () => {
  const body = deletion(105);
  const now = Math.floor(Date.now() / 1000);
  const good = sign(body);
  const forgeries: [string, Record<string, string | string[]>][] = [
    [
      "dated six minutes ahead",
      {
        "x-zm-signature": sign(body, now + 360).signature,
        "x-zm-request-timestamp": String(now + 360),
      },
    ],
    [
      "a timestamp that is not a number",
      { "x-zm-signature": good.signature, "x-zm-request-timestamp": `${good.timestamp}.0` },
    ],
    [
      "a timestamp in milliseconds",
      {
        "x-zm-signature": sign(body, now * 1000).signature,
        "x-zm-request-timestamp": String(now * 1000),
      },
    ],
    [
      "another scheme's prefix",
      {
        "x-zm-signature": good.signature.replace("v0=", "v1="),
        "x-zm-request-timestamp": good.timestamp,
      },
    ],
    [
      "the signature in upper case",
      {
        "x-zm-signature": `v0=${good.signature.slice(3).toUpperCase()}`,
        "x-zm-request-timestamp": good.timestamp,
      },
    ],
    [
      "the signature cut short",
      { "x-zm-signature": good.signature.slice(0, -2), "x-zm-request-timestamp": good.timestamp },
    ],
    [
      "the signature of an empty body",
      { "x-zm-signature": sign("").signature, "x-zm-request-timestamp": good.timestamp },
    ],
    [
      "a key that is not Zoom's",
      {
        "x-zm-signature": sign(body, now, "guessed").signature,
        "x-zm-request-timestamp": good.timestamp,
      },
    ],
  ];
  const before = await databaseFingerprint(db);
  for (const [what, headers] of forgeries) {
    const reply = await deliver(body, { ...headers, "x-zm-request-id": what });
    assert.equal(reply.status, 401, what);
    assert.ok(String(reply.body.message).length > 0, what);
  }
  assert.deepEqual(changedTables(before, await databaseFingerprint(db)), []);
  assert.equal(await jobsFor("105"), 0);
});

test("a URL validation challenge is answered only when signed", async () => {
  const body = JSON.stringify({ event: "endpoint.url_validation", payload: { plainToken: "abc" } });
  const unsigned = await deliver(body, {});
  assert.equal(unsigned.status, 401);
  assert.equal(unsigned.body.encryptedToken, undefined);
  const { signature, timestamp } = sign(body);
  const signed = await deliver(body, {
    "x-zm-signature": signature,
    "x-zm-request-timestamp": timestamp,
  });
  assert.equal(signed.status, 200);
  assert.equal(
    signed.body.encryptedToken,
    createHmac("sha256", secret).update("abc").digest("hex"),
  );
});
