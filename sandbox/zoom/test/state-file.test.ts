import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startZoomSandbox } from "../index.ts";
import {
  ADMIN_SCOPES,
  basicAuth,
  call,
  connect,
  REDIRECT_URI,
  tokenRequest,
  USER_SCOPES,
} from "./sandbox-fixture.ts";

const folder = await fs.mkdtemp(path.join(os.tmpdir(), "zoom-sandbox-state-"));
after(() => fs.rm(folder, { recursive: true, force: true }));

async function control(url: string, route: string, body?: unknown, method?: string) {
  const reply = await call(`${url}/_sandbox${route}`, {
    ...(body === undefined ? {} : { body }),
    ...(method === undefined ? {} : { method }),
  });
  assert.ok(reply.status < 400, `${route}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function seed(url: string) {
  const account = await control(url, "/accounts", { plan: "pro" });
  await control(url, "/users", {
    email: "host@acme.example",
    account_id: account.id,
    type: 2,
    role: "owner",
  });
  await control(url, "/apps", {
    client_id: "kept-app",
    client_secret: "kept-app-secret",
    kind: "user",
    redirect_uris: [REDIRECT_URI],
    scopes: USER_SCOPES,
  });
}

test("without a state file nothing is written and nothing is restored", async () => {
  const sandbox = await startZoomSandbox({ port: 0 });
  assert.equal(sandbox.restored, false);
  await seed(sandbox.url);
  await sandbox.close();
  assert.deepEqual(await fs.readdir(folder), []);
});

test("a sandbox restarted on its state file still knows its users, apps, tokens and meetings", async () => {
  const stateFile = path.join(folder, "restart", "zoom.json");
  const first = await startZoomSandbox({ port: 0, stateFile });
  assert.equal(first.restored, false);
  await seed(first.url);
  const tokens = await connect(first.url, "kept-app", "host@acme.example");
  const created = await call(`${first.url}/v2/users/me/meetings`, {
    token: tokens.access_token,
    body: { topic: "Kept across restarts", type: 2, start_time: "2030-01-01T10:00:00Z" },
  });
  assert.equal(created.status, 201);
  await first.close();

  const second = await startZoomSandbox({ port: 0, stateFile });
  after(() => second.close());
  assert.equal(second.restored, true);
  const me = await call(`${second.url}/v2/users/me`, { token: tokens.access_token });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.email, "host@acme.example");
  const meeting = await call(`${second.url}/v2/meetings/${created.body.id}`, {
    token: tokens.access_token,
  });
  assert.equal(meeting.status, 200);
  assert.equal(meeting.body.topic, "Kept across restarts");

  // The refresh token still rotates once, and the used one stays refused.
  const refreshed = await tokenRequest(second.url, "kept-app", {
    grant_type: "refresh_token",
    refresh_token: tokens.refresh_token,
  });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  const apps = await control(second.url, "/apps");
  assert.deepEqual(
    apps.map((a: { client_id: string }) => a.client_id),
    ["kept-app"],
  );
  await assert.rejects(
    control(second.url, "/users", {
      email: "host@acme.example",
      account_id: me.body.account_id,
      type: 2,
      role: "member",
    }),
    /already exists/,
  );
});

test("changes are written soon after they happen, without waiting for close, readable by the owner only", async () => {
  const stateFile = path.join(folder, "live.json");
  const sandbox = await startZoomSandbox({ port: 0, stateFile });
  after(() => sandbox.close());
  await control(sandbox.url, "/accounts", { plan: "business" });
  let saved: { state: { accounts: [string, { plan: string }][] } } | undefined;
  for (let i = 0; i < 50 && saved === undefined; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    saved = await fs.readFile(stateFile, "utf8").then(JSON.parse, () => undefined);
  }
  assert.ok(saved, "the state file was written");
  assert.equal(saved.state.accounts[0]?.[1].plan, "business");
  assert.equal((await fs.stat(stateFile)).mode & 0o777, 0o600);
});

test("an admin-managed app's grant survives a restart too", async () => {
  const stateFile = path.join(folder, "admin.json");
  const first = await startZoomSandbox({ port: 0, stateFile });
  const account = await control(first.url, "/accounts", { plan: "pro" });
  await control(first.url, "/users", {
    email: "admin@acme.example",
    account_id: account.id,
    type: 2,
    role: "owner",
  });
  await control(first.url, "/apps", {
    client_id: "org-app",
    client_secret: "org-app-secret",
    kind: "admin",
    redirect_uris: [REDIRECT_URI],
    scopes: ADMIN_SCOPES,
  });
  const tokens = await connect(first.url, "org-app", "admin@acme.example");
  await first.close();
  const second = await startZoomSandbox({ port: 0, stateFile });
  after(() => second.close());
  const revoke = await fetch(`${second.url}/oauth/revoke`, {
    method: "POST",
    headers: { authorization: basicAuth("org-app") },
    body: new URLSearchParams({ token: tokens.access_token }),
  });
  assert.equal(revoke.status, 200, await revoke.text());
});

test("a file that is not a sandbox state stops the start with a message saying what to do", async () => {
  const stateFile = path.join(folder, "foreign.json");
  await fs.writeFile(stateFile, JSON.stringify({ hello: "world" }));
  await assert.rejects(
    startZoomSandbox({ port: 0, stateFile }),
    /remove it to start from an empty/,
  );
});
