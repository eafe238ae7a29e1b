import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type CallbackPolicy,
  CallbackRefused,
  callbackUrlProblem,
  resolveCallback,
} from "../../src/callbacks/callback-target.ts";
import { postCallback } from "../../src/callbacks/post-callback.ts";
import { writeNotification } from "../../src/push-notifications/write-notifications.ts";
import {
  eventually,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";

const production: CallbackPolicy = {
  settings: { allow: [], allowHttp: false },
  ownEndpoints: [],
};

const insideForms = [
  "https://127.0.0.1/hook",
  "https://localhost/hook",
  "https://LOCALHOST./hook",
  "https://api.localhost/hook",
  "https://[::1]/hook",
  "https://[::ffff:127.0.0.1]/hook",
  "https://[::127.0.0.1]/hook",
  "https://2130706433/hook",
  "https://0x7f.0.0.1/hook",
  "https://017700000001/hook",
  "https://127.1/hook",
  "https://0/hook",
  "https://[::]/hook",
  "https://169.254.169.254/latest/meta-data",
  "https://10.0.0.8/hook",
  "https://172.16.4.4/hook",
  "https://192.168.1.1/hook",
  "https://100.64.0.1/hook",
  "https://[fd00::1]/hook",
  "https://[fe80::1]/hook",
  "https://[ff02::1]/hook",
  "https://224.0.0.1/hook",
  "https://255.255.255.255/hook",
  "https://[64:ff9b::a9fe:a9fe]/hook",
  "https://[2002:7f00:1::]/hook",
  "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
  "https://intranet/hook",
];

test("every written form of a loopback, private, link-local, CGNAT, ULA, multicast or unspecified address is refused as a callback", () => {
  for (const uri of insideForms) {
    assert.ok(callbackUrlProblem(uri, production), `${uri} should be refused`);
  }
  assert.match(
    callbackUrlProblem("https://0x7f.0.0.1/hook", production) ?? "",
    /127\.0\.0\.1, a loopback address/,
  );
  assert.match(
    callbackUrlProblem("https://[::ffff:169.254.169.254]/", production) ?? "",
    /link-local address.*written as IPv6/,
  );
});

test("a callback must be https on port 443 or 8443 unless the operator allows more", () => {
  assert.equal(callbackUrlProblem("https://hooks.example.com/cronofy", production), undefined);
  assert.equal(callbackUrlProblem("https://hooks.example.com:8443/x", production), undefined);
  assert.equal(callbackUrlProblem("https://93.184.216.34/x", production), undefined);
  assert.match(callbackUrlProblem("http://hooks.example.com/x", production) ?? "", /https/);
  assert.match(
    callbackUrlProblem("https://hooks.example.com:5432/x", production) ?? "",
    /port 5432; callbacks go to port 443 or 8443/,
  );
  const httpAllowed = { ...production, settings: { allow: [], allowHttp: true } };
  assert.equal(callbackUrlProblem("http://hooks.example.com/x", httpAllowed), undefined);
  assert.match(callbackUrlProblem("http://hooks.example.com:8080/x", httpAllowed) ?? "", /port 80/);
});

test("a host name is judged by every address it resolves to, and the call goes to the address judged", async () => {
  await assert.rejects(
    resolveCallback("https://rebind.example.com/x", production, async () => [
      "93.184.216.34",
      "127.0.0.1",
    ]),
    (error: Error) =>
      error instanceof CallbackRefused &&
      /rebind\.example\.com \(127\.0\.0\.1\), a loopback address/.test(error.message),
  );
  await assert.rejects(
    resolveCallback("https://meta.example.com/x", production, async () => ["::ffff:a9fe:a9fe"]),
    CallbackRefused,
  );
  const target = await resolveCallback("https://ok.example.com/x", production, async () => [
    "93.184.216.34",
  ]);
  assert.equal(target.address, "93.184.216.34");
  assert.equal(target.port, 443);
});

test("the operator's allow list opens named private targets on any port, and nothing else", async () => {
  const policy: CallbackPolicy = {
    settings: { allow: ["10.1.2.0/24", "*.hooks.internal"], allowHttp: true },
    ownEndpoints: [],
  };
  assert.equal(callbackUrlProblem("http://10.1.2.3:8080/x", policy), undefined);
  assert.match(callbackUrlProblem("http://10.1.3.3:8080/x", policy) ?? "", /private address/);
  const named = await resolveCallback("http://a.hooks.internal:9000/x", policy, async () => [
    "10.9.9.9",
  ]);
  assert.equal(named.address, "10.9.9.9");
  await assert.rejects(
    resolveCallback("http://hooks.internal.evil.example/x", policy, async () => ["10.9.9.9"]),
    CallbackRefused,
  );
});

test("confab's own listeners stay out of reach even where loopback is allowed", () => {
  const policy: CallbackPolicy = {
    settings: { allow: ["127.0.0.1", "::1"], allowHttp: true },
    ownEndpoints: [{ address: "127.0.0.1", port: 5432 }],
  };
  assert.equal(callbackUrlProblem("http://127.0.0.1:9999/x", policy), undefined);
  assert.match(
    callbackUrlProblem("http://127.0.0.1:5432/x", policy) ?? "",
    /port 5432, which is confab's own service/,
  );
  assert.ok(callbackUrlProblem("http://[::ffff:127.0.0.1]:5432/x", policy));
});

test("a callback is sent to the checked address with the URL's own host name, never resolved again", async () => {
  const receiver = await startReceiver();
  const port = new URL(receiver.url).port;
  const policy: CallbackPolicy = {
    settings: { allow: ["hooks.test"], allowHttp: true },
    ownEndpoints: [],
  };
  const target = await resolveCallback(`http://hooks.test:${port}/hooks`, policy, async () => [
    "127.0.0.1",
  ]);
  const outcome = await postCallback(target, '{"ok":true}', { "content-type": "application/json" });
  assert.deepEqual(outcome, { status: 200 });
  assert.equal(receiver.received[0]?.headers.host, `hooks.test:${port}`);
  assert.equal(receiver.received[0]?.body, '{"ok":true}');
});

test("in production posture an event whose subscription names loopback is refused with a 422 that says why, and nothing is stored", async () => {
  const { api, calendarFor, db } = await startConferencingWorld({
    CONFAB_CALLBACK_ALLOW: "",
    CONFAB_CALLBACK_HTTP: "off",
  });
  const calendar = await calendarFor("egress");
  for (const uri of [
    "http://127.0.0.1:9/hooks",
    "https://[::ffff:7f00:1]/hooks",
    "https://2130706433/",
  ]) {
    const reply = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
      token: calendar.token,
      body: {
        event_id: "egress",
        summary: "Egress",
        start: "2031-01-01T10:00:00Z",
        end: "2031-01-01T10:30:00Z",
        subscriptions: [{ type: "webhook", uri }],
      },
    });
    assert.equal(reply.status, 422, uri);
    const errors = reply.body.errors as Record<string, { description: string }[]>;
    assert.match(errors.subscriptions?.[0]?.description ?? "", /loopback|https URL/, uri);
  }
  const stored = await db.selectFrom("events").select("id").execute();
  assert.deepEqual(stored, []);
});

test("a stored subscription pointing at the Zoom sandbox's control API is refused at delivery, recorded, and the sandbox is untouched", async () => {
  const { zoom, confab, db, calendarFor, application } = await startConferencingWorld();
  await calendarFor("stored-before");
  const before = await zoom.control<unknown[]>("GET", "/apps");
  const id = await writeNotification(db, {
    applicationId: application.id,
    eventId: null,
    type: "verification",
    uri: `${zoom.url}/_sandbox/reset`,
    sequence: "0",
    body: '{"notification":{"type":"verification"}}',
  });
  await untilNoJobsLeft(db, { tasks: ["conferencing:deliver_notification"] }, "the delivery");
  const row = await eventually(async () =>
    db
      .selectFrom("notifications")
      .selectAll()
      .where("id", "=", id)
      .where("failed_at", "is not", null)
      .executeTakeFirst(),
  );
  assert.match(row.last_error ?? "", /confab's own service.*not retried/);
  assert.equal(row.delivered_at, null);
  const after = await zoom.control<unknown[]>("GET", "/apps");
  assert.deepEqual(after, before, "the sandbox still has its apps");
  assert.ok(confab.url);
});
