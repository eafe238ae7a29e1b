/**
 * Conformance probe, webhooks and the sandbox's test controls: Zoom's signed
 * events as a receiver sees them (zoom.md items 22–26), and the faults, clock
 * and call log that let confab's tests reproduce Zoom's failures (item 18 and
 * the "what users suffered" list), driven over HTTP against a standalone sandbox.
 */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { startZoomSandbox, type ZoomSandbox } from "../index.ts";
import {
  api,
  connect,
  control,
  meetingBody,
  type Receiver,
  rawMeetingId,
  refresh,
  seedAccount,
  seedApp,
  seedUser,
  startReceiver,
  USER_SCOPES,
} from "./probe-client.ts";

let zoom: ZoomSandbox;
let base: string;
const receivers: Receiver[] = [];

before(async () => {
  zoom = await startZoomSandbox({ port: 0 });
  base = zoom.url;
});
after(async () => {
  for (const receiver of receivers) await receiver.close();
  await zoom.close();
});
beforeEach(async () => {
  assert.equal((await control(base, "POST", "/reset")).status, 200);
});

const SECRET = "probe-webhook-secret-token";

async function receiver(validation: "right" | "wrong" = "right"): Promise<Receiver> {
  const started = await startReceiver(SECRET, validation);
  receivers.push(started);
  return started;
}

/** A licensed host connected through a user-managed app that subscribes to webhooks. */
async function subscribedHost() {
  const endpoint = await receiver();
  const account = await seedAccount(base, "pro");
  const user = await seedUser(base, account.id, 2, "owner");
  const app = await seedApp(base, "user", USER_SCOPES, {
    webhook_url: endpoint.url,
    webhook_secret: SECRET,
  });
  const tokens = await connect(base, app, user.email);
  return { endpoint, account, user, app, tokens };
}

function assertVerified(delivery: { problem: string | null; rawBody: string }) {
  assert.equal(delivery.problem, null, `${delivery.problem}: ${delivery.rawBody}`);
}

describe("Zoom webhooks, as a receiver sees them", () => {
  test("Registering an endpoint sends a signed endpoint.url_validation challenge that a correct answer passes", async () => {
    const endpoint = await receiver();
    const reply = await control(base, "POST", "/apps", {
      client_id: "hooked",
      client_secret: "hooked-secret",
      kind: "user",
      redirect_uris: ["https://confab.example/cb"],
      scopes: USER_SCOPES,
      webhook_url: endpoint.url,
      webhook_secret: SECRET,
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.json.webhook_url_validated, true);
    const [challenge] = await endpoint.waitFor("endpoint.url_validation");
    assert.ok(challenge);
    assertVerified(challenge);
    assert.equal(typeof challenge.body.payload.plainToken, "string");
    assert.ok(challenge.body.payload.plainToken.length > 0);
    assert.equal(typeof challenge.body.event_ts, "number");
    assert.match(challenge.headers["content-type"] ?? "", /application\/json/);
  });

  test("An endpoint that answers the challenge with the wrong HMAC is not validated", async () => {
    const endpoint = await receiver("wrong");
    const reply = await control(base, "POST", "/apps", {
      client_id: "misconfigured",
      client_secret: "s",
      kind: "user",
      redirect_uris: ["https://confab.example/cb"],
      scopes: USER_SCOPES,
      webhook_url: endpoint.url,
      webhook_secret: SECRET,
    });
    assert.equal(reply.status, 201);
    assert.equal(reply.json.webhook_url_validated, false);
    // Zoom re-validates on request (every 72 hours in production).
    const again = await control(base, "POST", "/apps/misconfigured/validate-webhook");
    assert.ok(again.status < 300, again.text);
    assert.equal((await endpoint.waitFor("endpoint.url_validation", 2)).length, 2);
  });

  test("Deleting a meeting through the API sends a signed meeting.deleted with the documented payload", async () => {
    const { endpoint, account, user, tokens } = await subscribedHost();
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    const id = rawMeetingId(created.text);
    assert.equal((await api(base, tokens.access_token, "DELETE", `/meetings/${id}`)).status, 204);
    const [deleted] = await endpoint.waitFor("meeting.deleted");
    assert.ok(deleted);
    assertVerified(deleted);
    assert.equal(typeof deleted.body.event_ts, "number");
    const { payload } = deleted.body;
    assert.equal(payload.account_id, account.id);
    assert.equal(typeof payload.operator, "string");
    const object = payload.object;
    for (const field of [
      "uuid",
      "id",
      "host_id",
      "topic",
      "type",
      "start_time",
      "duration",
      "timezone",
    ]) {
      assert.ok(field in object, `${field} missing from ${deleted.rawBody}`);
    }
    assert.match(deleted.rawBody, new RegExp(`"id":${id}[,}]`));
    assert.equal(object.uuid, created.json.uuid);
    assert.equal(object.host_id, user.id);
    assert.equal(object.topic, created.json.topic);
  });

  test("Deleting a meeting in Zoom's own UI also sends meeting.deleted", async () => {
    const { endpoint, tokens } = await subscribedHost();
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    const id = rawMeetingId(created.text);
    assert.equal((await control(base, "DELETE", `/meetings/${id}`)).status, 200);
    const [deleted] = await endpoint.waitFor("meeting.deleted");
    assert.ok(deleted);
    assertVerified(deleted);
    assert.equal(String(deleted.body.payload.object.id), id);
    const gone = await api(base, tokens.access_token, "GET", `/meetings/${id}`);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.code, 3001);
  });

  test("Updating a meeting sends a signed meeting.updated with object, old_object and time_stamp", async () => {
    const { endpoint, account, tokens } = await subscribedHost();
    const created = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody({ topic: "Before" }),
    );
    const id = rawMeetingId(created.text);
    const patched = await api(base, tokens.access_token, "PATCH", `/meetings/${id}`, {
      topic: "After",
    });
    assert.equal(patched.status, 204);
    const [updated] = await endpoint.waitFor("meeting.updated");
    assert.ok(updated);
    assertVerified(updated);
    const { payload } = updated.body;
    assert.equal(payload.account_id, account.id);
    assert.equal(typeof payload.operator, "string");
    assert.equal(typeof payload.time_stamp, "number");
    assert.equal(String(payload.object.id), id);
    assert.equal(payload.object.topic, "After");
    assert.equal(String(payload.old_object.id), id);
    assert.equal(payload.old_object.topic, "Before");
  });

  test("Deauthorizing the app sends a signed app_deauthorized and the user's tokens stop working", async () => {
    const { endpoint, account, user, app, tokens } = await subscribedHost();
    const reply = await control(base, "POST", "/deauthorize", {
      client_id: app.clientId,
      user_email: user.email,
    });
    assert.equal(reply.status, 200, reply.text);
    const [event] = await endpoint.waitFor("app_deauthorized");
    assert.ok(event);
    assertVerified(event);
    const { payload } = event.body;
    assert.equal(payload.account_id, account.id);
    assert.equal(payload.user_id, user.id);
    assert.equal(payload.client_id, app.clientId);
    assert.equal(typeof payload.signature, "string");
    assert.ok(
      !Number.isNaN(Date.parse(payload.deauthorization_time)),
      payload.deauthorization_time,
    );
    assert.equal(typeof event.body.event_ts, "number");

    const after = await api(base, tokens.access_token, "GET", "/users/me");
    assert.equal(after.status, 401);
    assert.equal(after.json.code, 124);
    assert.equal((await refresh(base, app, tokens.refresh_token)).json.error, "invalid_grant");
  });
});

describe("Injected faults and the call log", () => {
  async function host() {
    const account = await seedAccount(base, "pro");
    const user = await seedUser(base, account.id, 2, "owner");
    const app = await seedApp(base, "user", USER_SCOPES);
    const tokens = await connect(base, app, user.email);
    return { user, app, tokens };
  }

  async function meetingCount(email: string): Promise<number> {
    return (await control(base, "GET", `/meetings?host_email=${encodeURIComponent(email)}`)).json
      .length;
  }

  test("A status fault answers that status with a Zoom error body once, without doing the work", async () => {
    const { user, tokens } = await host();
    const fault = await control(base, "POST", "/faults", {
      match: { method: "POST", path: "/v2/users/*/meetings" },
      status: 503,
      message: "Service temporarily unavailable",
      times: 1,
    });
    assert.ok(fault.status < 300, fault.text);
    const failed = await api(
      base,
      tokens.access_token,
      "POST",
      "/users/me/meetings",
      meetingBody(),
    );
    assert.equal(failed.status, 503);
    assert.equal(failed.json.code, 503);
    assert.equal(failed.json.message, "Service temporarily unavailable");
    assert.equal(await meetingCount(user.email), 0);
    const next = await api(base, tokens.access_token, "POST", "/users/me/meetings", meetingBody());
    assert.equal(next.status, 201);
    assert.equal(await meetingCount(user.email), 1);
  });

  test("An xml fault answers with an XML body, as Zoom sometimes does", async () => {
    const { tokens } = await host();
    await control(base, "POST", "/faults", {
      match: { path: "/v2/meetings/*" },
      xml: true,
      status: 400,
      zoom_code: 300,
      message: "Bad things",
      times: 1,
    });
    const reply = await api(base, tokens.access_token, "GET", "/meetings/85746352410");
    assert.equal(reply.status, 400);
    assert.match(reply.headers.get("content-type") ?? "", /xml/);
    assert.match(reply.text, /^<\?xml/);
    assert.match(reply.text, /<code>300<\/code>/);
    assert.match(reply.text, /<message>Bad things<\/message>/);
    assert.equal(reply.json, null);
  });

  test("A delay fault holds the reply back, then the call succeeds", async () => {
    const { tokens } = await host();
    await control(base, "POST", "/faults", {
      match: { method: "GET", path: "/v2/users/me" },
      delay_ms: 400,
      times: 1,
    });
    const started = Date.now();
    const reply = await api(base, tokens.access_token, "GET", "/users/me");
    assert.ok(Date.now() - started >= 400);
    assert.equal(reply.status, 200);
  });

  test("drop_after_success creates exactly one meeting and drops the connection, as an ambiguous timeout", async () => {
    const { user, tokens } = await host();
    await control(base, "POST", "/faults", {
      match: { method: "POST", path: "/v2/users/*/meetings" },
      drop_after_success: true,
      times: 1,
    });
    await assert.rejects(
      api(base, tokens.access_token, "POST", "/users/me/meetings", meetingBody({ topic: "lost" })),
    );
    // The client cannot know, but Zoom did the work: the list shows it exactly once.
    const listed = await api(base, tokens.access_token, "GET", "/users/me/meetings");
    assert.equal(listed.status, 200);
    assert.equal(listed.json.total_records, 1);
    assert.equal(listed.json.meetings[0].topic, "lost");
    assert.equal(await meetingCount(user.email), 1);
    const next = await api(base, tokens.access_token, "POST", "/users/me/meetings", meetingBody());
    assert.equal(next.status, 201);
    assert.equal(await meetingCount(user.email), 2);

    const calls = (await control(base, "GET", "/calls")).json as {
      method: string;
      path: string;
      status: number | null;
      fault: string | null;
    }[];
    const creates = calls.filter(
      (call) => call.method === "POST" && call.path === "/v2/users/me/meetings",
    );
    assert.deepEqual(
      creates.map((call) => [call.status, call.fault]),
      [
        [null, "dropped"],
        [201, null],
      ],
    );
  });

  test("The call log records every REST and OAuth call with the status the client saw, and no control call", async () => {
    const { user, app, tokens } = await host();
    assert.equal((await control(base, "DELETE", "/calls")).status < 300, true);
    await api(base, tokens.access_token, "GET", "/users/me");
    await api(base, tokens.access_token, "GET", "/users/me");
    await api(base, tokens.access_token, "POST", "/users/me/meetings", meetingBody());
    await api(base, tokens.access_token, "GET", "/meetings/85746352410");
    await refresh(base, app, tokens.refresh_token);
    await control(base, "GET", "/meetings");
    const calls = (await control(base, "GET", "/calls")).json as {
      method: string;
      path: string;
      status: number | null;
      user_email: string | null;
      client_id: string | null;
    }[];
    assert.deepEqual(
      calls.map((call) => [call.method, call.path, call.status]),
      [
        ["GET", "/v2/users/me", 200],
        ["GET", "/v2/users/me", 200],
        ["POST", "/v2/users/me/meetings", 201],
        ["GET", "/v2/meetings/85746352410", 404],
        ["POST", "/oauth/token", 200],
      ],
    );
    assert.equal(calls[0]?.user_email, user.email);
    assert.equal(calls[0]?.client_id, app.clientId);
  });
});
