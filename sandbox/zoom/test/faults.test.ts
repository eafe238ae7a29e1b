import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox, tokenRequest } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const acme = await sandbox.account("business");
await sandbox.user({ email: "host@acme.test", account_id: acme });
await sandbox.app({ client_id: "confab" });
const tokens = await connect(sandbox.url, "confab", "host@acme.test");
const token = tokens.access_token;

const createMeeting = () =>
  call(`${sandbox.url}/v2/users/me/meetings`, {
    token,
    body: { topic: "Faulty", type: 2, agenda: `marker-${Math.random()}` },
  });
const meetingsOfHost = () => sandbox.control("/_sandbox/meetings?host_email=host@acme.test");
const fault = (spec: unknown) => sandbox.control("/_sandbox/faults", spec);

test("a fault answers the chosen status and Zoom code instead of doing the work, then wears off", async () => {
  const before = (await meetingsOfHost()).length;
  await fault({
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 503,
    zoom_code: 9999,
    times: 1,
  });
  const failed = await createMeeting();
  assert.equal(failed.status, 503);
  assert.equal(failed.body.code, 9999);
  assert.equal((await meetingsOfHost()).length, before);
  assert.equal((await createMeeting()).status, 201);
});

test("a fault can answer with an XML body, as Zoom sometimes does", async () => {
  await fault({ match: { path: "/v2/users/me" }, status: 500, xml: true, times: 1 });
  const response = await fetch(`${sandbox.url}/v2/users/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 500);
  assert.match(response.headers.get("content-type") ?? "", /xml/);
  assert.match(await response.text(), /^<\?xml[^>]*\?><error><code>500<\/code><message>/);
});

test("a fault can add latency and still do the work", async () => {
  await fault({ match: { path: "/v2/users/me" }, delay_ms: 150, times: 1 });
  const started = performance.now();
  const reply = await call(`${sandbox.url}/v2/users/me`, { token });
  assert.equal(reply.status, 200);
  assert.ok(performance.now() - started >= 140);
});

test("drop_after_success creates the meeting and then drops the connection without a reply", async () => {
  const before = (await meetingsOfHost()).length;
  await fault({
    match: { method: "POST", path: "/v2/users/*/meetings" },
    drop_after_success: true,
    times: 1,
  });
  await assert.rejects(createMeeting(), /fetch failed/);
  const after = await meetingsOfHost();
  assert.equal(after.length, before + 1);
  // The client can find it by listing, as confab must after an ambiguous failure.
  const listed = await call(`${sandbox.url}/v2/users/me/meetings?type=scheduled&page_size=300`, {
    token,
  });
  assert.ok(listed.body.meetings.some((m: { id: number }) => m.id === after.at(-1).id));
  const [logged] = (await sandbox.control("/_sandbox/calls")).filter(
    (entry: { fault: string | null }) => entry.fault === "dropped",
  );
  assert.equal(logged.status, null);
  assert.equal(logged.path, "/v2/users/me/meetings");
});

test("drop_after_success with a status answers that status after the work is done", async () => {
  const before = (await meetingsOfHost()).length;
  await fault({ match: { method: "POST" }, status: 504, drop_after_success: true, times: 1 });
  const reply = await createMeeting();
  assert.equal(reply.status, 504);
  assert.equal((await meetingsOfHost()).length, before + 1);
});

test("drop_after_success leaves failing requests alone and waits for a success", async () => {
  await fault({
    match: { path: "/v2/meetings/*" },
    status: 502,
    drop_after_success: true,
    times: 1,
  });
  const missing = await call(`${sandbox.url}/v2/meetings/99999999999`, { token });
  assert.equal(missing.status, 404);
  assert.equal((await sandbox.control("/_sandbox/faults")).length, 1);
  const id = (await createMeeting()).body.id;
  assert.equal((await call(`${sandbox.url}/v2/meetings/${id}`, { token })).status, 502);
  assert.equal((await sandbox.control("/_sandbox/faults")).length, 0);
});

test("faults match the method and only the path pattern given, and count down their uses", async () => {
  await fault({ match: { method: "DELETE", path: "/v2/meetings/*" }, status: 500, times: 2 });
  assert.equal((await call(`${sandbox.url}/v2/users/me`, { token })).status, 200);
  const id = (await createMeeting()).body.id;
  const remove = () => call(`${sandbox.url}/v2/meetings/${id}`, { token, method: "DELETE" });
  assert.equal((await remove()).status, 500);
  assert.equal((await remove()).status, 500);
  assert.equal((await remove()).status, 204);
});

test("faults apply to the OAuth endpoints too", async () => {
  await fault({ match: { path: "/oauth/token" }, status: 500, times: 1 });
  const reply = await tokenRequest(sandbox.url, "confab", {
    grant_type: "refresh_token",
    refresh_token: tokens.refresh_token,
  });
  assert.equal(reply.status, 500);
  // The refresh token was not consumed by the failed call.
  const retry = await tokenRequest(sandbox.url, "confab", {
    grant_type: "refresh_token",
    refresh_token: tokens.refresh_token,
  });
  assert.equal(retry.status, 200);
});

test("a fault can carry headers, e.g. to reproduce Zoom's documented 429", async () => {
  await fault({
    match: { path: "/v2/users/me" },
    status: 429,
    message: "Too many requests.",
    headers: { "Retry-After": "2031-01-01T00:00:00Z", "X-RateLimit-Type": "QPS" },
    times: 1,
  });
  const reply = await call(`${sandbox.url}/v2/users/me`, { token });
  assert.equal(reply.status, 429);
  assert.deepEqual(reply.body, { code: 429, message: "Too many requests." });
  assert.equal(reply.headers.get("retry-after"), "2031-01-01T00:00:00Z");
  assert.equal(reply.headers.get("x-ratelimit-type"), "QPS");
});

test("a fault without any effect, or with a bad field, is refused with a clear 400", async () => {
  const useless = await call(`${sandbox.url}/_sandbox/faults`, { body: { match: {}, times: 1 } });
  assert.equal(useless.status, 400);
  assert.match(useless.body.error, /status, xml, delay_ms or drop_after_success/);
  const noTimes = await call(`${sandbox.url}/_sandbox/faults`, {
    body: { match: {}, status: 500 },
  });
  assert.equal(noTimes.status, 400);
  assert.match(noTimes.body.error, /times/);
});

test("the control API is never faulted", async () => {
  await fault({ match: { path: "*" }, status: 500, times: 1 });
  assert.equal((await call(`${sandbox.url}/_sandbox/calls`)).status, 200);
  await call(`${sandbox.url}/_sandbox/faults`, { method: "DELETE" });
});
