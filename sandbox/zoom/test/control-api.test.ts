import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const control = (path: string, body?: unknown, method?: string) =>
  call(`${sandbox.url}${path}`, {
    ...(body === undefined ? {} : { body }),
    ...(method === undefined ? {} : { method }),
  });

test("bad input to the control API gets a 400 that says what is wrong", async () => {
  const plan = await control("/_sandbox/accounts", { plan: "enterprise-plus" });
  assert.equal(plan.status, 400);
  assert.match(plan.body.error, /plan must be one of \["free","pro","business"\]/);

  const noEmail = await control("/_sandbox/users", { account_id: "x", type: 2, role: "member" });
  assert.equal(noEmail.status, 400);
  assert.match(noEmail.body.error, /needs "email"/);

  const noAccount = await control("/_sandbox/users", {
    email: "a@b.test",
    account_id: "missing",
    type: 2,
    role: "member",
  });
  assert.match(noAccount.body.error, /no account with id missing/);

  const notJson = await fetch(`${sandbox.url}/_sandbox/accounts`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{",
  });
  assert.equal(notJson.status, 400);
  assert.match(((await notJson.json()) as { error: string }).error, /not valid JSON/);

  const clock = await control("/_sandbox/clock", { advance_seconds: -5 });
  assert.equal(clock.status, 400);
});

test("sandbox rules for users: licensed users need a paid plan, one owner per account, unique emails", async () => {
  const free = (await control("/_sandbox/accounts", { plan: "free" })).body.id;
  const licensed = await control("/_sandbox/users", {
    email: "lic@free.test",
    account_id: free,
    type: 2,
    role: "member",
  });
  assert.equal(licensed.status, 400);
  assert.match(licensed.body.error, /free account/);

  const pro = (await control("/_sandbox/accounts", { plan: "pro" })).body.id;
  const owner = { email: "o@pro.test", account_id: pro, type: 2, role: "owner" };
  assert.equal((await control("/_sandbox/users", owner)).status, 201);
  const secondOwner = await control("/_sandbox/users", { ...owner, email: "o2@pro.test" });
  assert.match(secondOwner.body.error, /already has an owner/);
  const duplicate = await control("/_sandbox/users", { ...owner, role: "member" });
  assert.match(duplicate.body.error, /already exists/);
});

test("a user-managed app cannot be given admin scopes", async () => {
  const reply = await control("/_sandbox/apps", {
    client_id: "mixed",
    client_secret: "s",
    kind: "user",
    redirect_uris: ["https://confab.example/cb"],
    scopes: ["meeting:write:meeting:admin"],
  });
  assert.equal(reply.status, 400);
  assert.match(reply.body.error, /:admin/);
});

test("the call log records every REST and OAuth call with its status, user and client, and can be cleared", async () => {
  const account = (await control("/_sandbox/accounts", { plan: "pro" })).body.id;
  await control("/_sandbox/users", {
    email: "logged@pro.test",
    account_id: account,
    type: 2,
    role: "member",
  });
  await sandbox.app({ client_id: "logger" });
  await control("/_sandbox/calls", undefined, "DELETE");
  const tokens = await connect(sandbox.url, "logger", "logged@pro.test");
  await call(`${sandbox.url}/v2/users/me`, { token: tokens.access_token });
  await call(`${sandbox.url}/v2/meetings/1234567890?x=1`, { token: tokens.access_token });
  await call(`${sandbox.url}/v2/users/me`, { token: "nope" });
  const calls = (await control("/_sandbox/calls")).body;
  assert.deepEqual(
    calls.map((c: { method: string; path: string; status: number }) => [
      c.method,
      c.path,
      c.status,
    ]),
    [
      ["POST", "/oauth/authorize", 302],
      ["POST", "/oauth/token", 200],
      ["GET", "/v2/users/me", 200],
      ["GET", "/v2/meetings/1234567890", 404],
      ["GET", "/v2/users/me", 401],
    ],
  );
  assert.equal(calls[2].user_email, "logged@pro.test");
  assert.equal(calls[2].client_id, "logger");
  assert.equal(calls[3].query, "x=1");
  assert.equal(calls[4].user_email, null);
  assert.ok(!Number.isNaN(Date.parse(calls[0].time)));
  await control("/_sandbox/calls", undefined, "DELETE");
  assert.deepEqual((await control("/_sandbox/calls")).body, []);
});

test("GET /_sandbox/meetings returns every meeting of a host as Zoom's GET shows it", async () => {
  const account = (await control("/_sandbox/accounts", { plan: "pro" })).body.id;
  await control("/_sandbox/users", {
    email: "h@m.test",
    account_id: account,
    type: 2,
    role: "member",
  });
  await sandbox.app({ client_id: "lister" });
  const { access_token } = await connect(sandbox.url, "lister", "h@m.test");
  const created = await call(`${sandbox.url}/v2/users/me/meetings`, {
    token: access_token,
    body: { topic: "Seen", type: 2 },
  });
  const listed = (await control("/_sandbox/meetings?host_email=h@m.test")).body;
  assert.equal(listed.length, 1);
  const viaApi = await call(`${sandbox.url}/v2/meetings/${created.body.id}`, {
    token: access_token,
  });
  assert.deepEqual(listed[0], viaApi.body);
  assert.deepEqual((await control("/_sandbox/meetings?host_email=nobody@m.test")).body, []);
});

test("the clock moves forward on request and reports the sandbox time", async () => {
  const before = Date.parse((await control("/_sandbox/clock")).body.now);
  const moved = Date.parse(
    (await control("/_sandbox/clock", { advance_seconds: 86_400 })).body.now,
  );
  assert.ok(moved - before >= 86_400_000);
  assert.ok(moved - before < 86_400_000 + 5_000);
});

test("a frozen clock stands still until stepped, and flows on from there once thawed", async () => {
  const frozen = (await control("/_sandbox/clock", { frozen: true })).body;
  assert.equal(frozen.frozen, true);
  const at = Date.parse(frozen.now);
  assert.equal(Date.parse((await control("/_sandbox/clock")).body.now), at);
  const stepped = (await control("/_sandbox/clock", { advance_seconds: 1 })).body;
  assert.equal(Date.parse(stepped.now), at + 1000);
  assert.equal(stepped.frozen, true);
  const thawed = (await control("/_sandbox/clock", { frozen: false })).body;
  assert.equal(thawed.frozen, false);
  assert.ok(Date.parse(thawed.now) >= at + 1000, "time does not jump back to the real clock");
});

test("reset empties the sandbox: accounts, users, apps, meetings, calls and the clock", async () => {
  await control("/_sandbox/clock", { advance_seconds: 3600, frozen: true });
  const reset = await control("/_sandbox/reset", {});
  assert.equal(reset.status, 200);
  assert.deepEqual((await control("/_sandbox/meetings")).body, []);
  assert.deepEqual((await control("/_sandbox/apps")).body, []);
  assert.deepEqual((await control("/_sandbox/calls")).body, []);
  assert.deepEqual((await control("/_sandbox/webhooks")).body, []);
  const clock = (await control("/_sandbox/clock")).body;
  assert.equal(clock.frozen, false);
  assert.ok(Math.abs(Date.parse(clock.now) - Date.now()) < 5_000);
  const user = await control("/_sandbox/users", {
    email: "logged@pro.test",
    account_id: "anything",
    type: 2,
    role: "member",
  });
  assert.match(user.body.error, /no account/);
});

test("unknown control routes answer a JSON 404", async () => {
  const reply = await control("/_sandbox/nothing-here");
  assert.equal(reply.status, 404);
  assert.match(reply.body.error, /nothing at GET \/_sandbox\/nothing-here/);
});
