import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox, tokenRequest } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const contoso = await sandbox.tenant("contoso.example", "Contoso");
await sandbox.user({ email: "ada@contoso.example", tenant_id: contoso.id });
const app = await sandbox.app();
const tokens = await connect(sandbox.url, app, "ada@contoso.example");
const token = tokens.access_token;
const fault = (spec: unknown) => sandbox.control("/_sandbox/faults", spec);
const refresh = () =>
  tokenRequest(sandbox.url, {
    grant_type: "refresh_token",
    client_id: app.client_id,
    client_secret: app.client_secret,
    refresh_token: tokens.refresh_token,
  });

test("a status fault on Graph answers Graph's error body instead of doing the work, then wears off", async () => {
  await fault({
    match: { path: "/v1.0/me" },
    status: 503,
    headers: { "Retry-After": "7" },
    times: 1,
  });
  const failed = await call(`${sandbox.url}/v1.0/me`, { token });
  assert.equal(failed.status, 503);
  assert.equal(failed.headers.get("retry-after"), "7");
  assert.equal(failed.body.error.code, "ServiceNotAvailable");
  assert.equal(typeof failed.body.error.innerError["request-id"], "string");
  assert.equal((await call(`${sandbox.url}/v1.0/me`, { token })).status, 200);
});

test("a status fault on the token endpoint of any tenant answers the identity platform's shape", async () => {
  await fault({ match: { method: "POST", path: "*/oauth2/v2.0/token" }, status: 500, times: 1 });
  const failed = await refresh();
  assert.equal(failed.status, 500);
  assert.equal(failed.body.error, "temporarily_unavailable");
  assert.equal((await refresh()).status, 200);
});

test("a delay still does the work", async () => {
  await fault({ match: { path: "/v1.0/me" }, delay_ms: 150, times: 1 });
  const started = performance.now();
  assert.equal((await call(`${sandbox.url}/v1.0/me`, { token })).status, 200);
  assert.ok(performance.now() - started >= 140);
});

test("drop_after_success does the work, then drops the connection without a reply", async () => {
  await fault({ match: { path: "*/token" }, drop_after_success: true, times: 1 });
  await assert.rejects(refresh(), /fetch failed/);
  const calls = await sandbox.control("/_sandbox/calls");
  const dropped = calls.filter((logged: { fault: string | null }) => logged.fault === "dropped");
  assert.equal(dropped.length, 1);
  assert.equal(dropped[0].status, null);
});

test("a timeout never answers: the client's own timeout ends the call", async () => {
  await fault({ match: { path: "/v1.0/me" }, timeout: true, times: 1 });
  await assert.rejects(
    fetch(`${sandbox.url}/v1.0/me`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(300),
    }),
    /aborted|timeout/i,
  );
  const calls = await sandbox.control("/_sandbox/calls");
  assert.ok(
    calls.some(
      (logged: { fault: string | null; status: number | null }) =>
        logged.fault === "timeout" && logged.status === null,
    ),
  );
  assert.equal((await call(`${sandbox.url}/v1.0/me`, { token })).status, 200);
});

test("faults are listed and cleared; a fault that does nothing is refused with a reason", async () => {
  await fault({ match: { path: "/v1.0/*" }, status: 429, times: 3 });
  assert.equal((await sandbox.control("/_sandbox/faults")).length, 1);
  await sandbox.control("/_sandbox/faults", undefined, "DELETE");
  assert.deepEqual(await sandbox.control("/_sandbox/faults"), []);
  const useless = await call(`${sandbox.url}/_sandbox/faults`, { body: { match: {}, times: 1 } });
  assert.equal(useless.status, 400);
  assert.match(useless.body.error, /needs status, delay_ms, drop_after_success or timeout/);
});

test("the call log records method, path, status, user, client and tenant", async () => {
  await sandbox.control("/_sandbox/calls", undefined, "DELETE");
  await call(`${sandbox.url}/v1.0/me?$select=id`, { token });
  const [logged] = await sandbox.control("/_sandbox/calls");
  assert.equal(logged.method, "GET");
  assert.equal(logged.path, "/v1.0/me");
  assert.equal(logged.query, "$select=id");
  assert.equal(logged.status, 200);
  assert.equal(logged.user, "ada@contoso.example");
  assert.equal(logged.client_id, app.client_id);
  assert.equal(logged.tenant_id, contoso.id);
});

test("the clock freezes, steps and thaws", async () => {
  const frozen = await sandbox.control("/_sandbox/clock", { frozen: true });
  assert.equal(frozen.frozen, true);
  const stepped = await sandbox.control("/_sandbox/clock", { advance_seconds: 60 });
  assert.equal(Date.parse(stepped.now) - Date.parse(frozen.now), 60_000);
  assert.equal((await sandbox.control("/_sandbox/clock")).now, stepped.now);
  assert.equal((await sandbox.control("/_sandbox/clock", { frozen: false })).frozen, false);
});

test("control API input is checked and explained", async () => {
  const noDomain = await call(`${sandbox.url}/_sandbox/tenants`, { body: { display_name: "X" } });
  assert.equal(noDomain.status, 400);
  assert.match(noDomain.body.error, /needs "domain"/);
  const wrongDomain = await call(`${sandbox.url}/_sandbox/users`, {
    body: { email: "eve@elsewhere.example", account_type: "work", tenant_id: contoso.id },
  });
  assert.equal(wrongDomain.status, 400);
  assert.match(wrongDomain.body.error, /@contoso\.example/);
  const personalAdmin = await call(`${sandbox.url}/_sandbox/users`, {
    body: {
      email: "x@outlook.example",
      account_type: "personal",
      admin_role: "global_administrator",
    },
  });
  assert.equal(personalAdmin.status, 400);
  const broken = await fetch(`${sandbox.url}/_sandbox/apps`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{not json",
  });
  assert.equal(broken.status, 400);
  const listed = await sandbox.control("/_sandbox/apps");
  assert.equal(listed[0].client_secret, undefined);
});

test("reset empties the sandbox but keeps the consumers tenant", async () => {
  await sandbox.control("/_sandbox/reset", {});
  const tenants = await sandbox.control("/_sandbox/tenants");
  assert.deepEqual(
    tenants.map((tenant: { id: string }) => tenant.id),
    ["9188040d-6c67-4c5b-b112-36a304b66dad"],
  );
  assert.deepEqual(await sandbox.control("/_sandbox/users"), []);
  assert.equal((await call(`${sandbox.url}/v1.0/me`, { token })).status, 401);
});
