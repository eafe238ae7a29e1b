import assert from "node:assert/strict";
import { test } from "node:test";
import { basicAuth, call, connect, startTestSandbox, tokenRequest } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const account = await sandbox.account("pro");
await sandbox.user({ email: "ada@acme.test", account_id: account });
await sandbox.user({ email: "bob@acme.test", account_id: account });
await sandbox.app({ client_id: "confab" });
await sandbox.app({ client_id: "other-app" });

const me = (token: string) => call(`${sandbox.url}/v2/users/me`, { token });
const refresh = (refreshToken: string, clientId = "confab") =>
  tokenRequest(sandbox.url, clientId, { grant_type: "refresh_token", refresh_token: refreshToken });

test("a token reply has Zoom's fields, announces 3599 seconds and points at the REST base", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  assert.equal(tokens.token_type, "bearer");
  assert.equal(tokens.expires_in, 3599);
  assert.equal(typeof tokens.access_token, "string");
  assert.equal(typeof tokens.refresh_token, "string");
  assert.equal(tokens.scope.split(" ").includes("meeting:write:meeting"), true);
  assert.equal(tokens.api_url, sandbox.url);
});

test("an access token works for an hour and then answers 401 code 124", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  await sandbox.control("/_sandbox/clock", { advance_seconds: 3590 });
  assert.equal((await me(tokens.access_token)).status, 200);
  await sandbox.control("/_sandbox/clock", { advance_seconds: 11 });
  const expired = await me(tokens.access_token);
  assert.equal(expired.status, 401);
  assert.deepEqual(expired.body, { code: 124, message: "Access token is expired." });
});

test("a missing or unknown bearer token answers 401 code 124", async () => {
  const missing = await call(`${sandbox.url}/v2/users/me`);
  assert.equal(missing.status, 401);
  assert.deepEqual(missing.body, { code: 124, message: "Invalid access token." });
  const unknown = await me("not-a-token");
  assert.deepEqual(unknown.body, { code: 124, message: "Invalid access token." });
});

test("refreshing returns a new pair and an old refresh token is refused once a new one is issued", async () => {
  const first = await connect(sandbox.url, "confab", "ada@acme.test");
  const second = await refresh(first.refresh_token);
  assert.equal(second.status, 200);
  assert.notEqual(second.body.refresh_token, first.refresh_token);
  assert.notEqual(second.body.access_token, first.access_token);
  assert.equal((await me(second.body.access_token)).status, 200);

  const stale = await refresh(first.refresh_token);
  assert.equal(stale.status, 400);
  assert.deepEqual(stale.body, { reason: "Invalid Token!", error: "invalid_grant" });
  // The rotated token keeps working.
  assert.equal((await refresh(second.body.refresh_token)).status, 200);
});

test("two refreshes racing with the same token: exactly one wins", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  const replies = await Promise.all([refresh(tokens.refresh_token), refresh(tokens.refresh_token)]);
  assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 400]);
});

test("a refresh token of one app is refused to another app", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  const reply = await refresh(tokens.refresh_token, "other-app");
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "invalid_grant");
});

test("authorizing again invalidates the earlier access and refresh tokens", async () => {
  const old = await connect(sandbox.url, "confab", "bob@acme.test");
  const fresh = await connect(sandbox.url, "confab", "bob@acme.test");
  assert.equal((await me(old.access_token)).status, 401);
  assert.equal((await refresh(old.refresh_token)).status, 400);
  assert.equal((await me(fresh.access_token)).status, 200);
});

test("authorizing as one user leaves another user's tokens for the same app alone", async () => {
  const ada = await connect(sandbox.url, "confab", "ada@acme.test");
  await connect(sandbox.url, "confab", "bob@acme.test");
  assert.equal((await me(ada.access_token)).status, 200);
});

test("revoking an access token ends the grant: the token and its refresh token stop working", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  const response = await fetch(`${sandbox.url}/oauth/revoke`, {
    method: "POST",
    headers: { authorization: basicAuth("confab") },
    body: new URLSearchParams({ token: tokens.access_token }),
  });
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: "success" });
  assert.equal((await me(tokens.access_token)).status, 401);
  assert.equal((await refresh(tokens.refresh_token)).status, 400);
});

test("revoke requires the app's Basic credentials", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  const response = await fetch(`${sandbox.url}/oauth/revoke`, {
    method: "POST",
    headers: { authorization: basicAuth("confab", "wrong") },
    body: new URLSearchParams({ token: tokens.access_token }),
  });
  assert.equal(response.status, 401);
  assert.equal(((await response.json()) as { error: string }).error, "invalid_client");
  assert.equal((await me(tokens.access_token)).status, 200);
});

test("an unsupported grant type is refused with unsupported_grant_type", async () => {
  const reply = await tokenRequest(sandbox.url, "confab", { grant_type: "client_credentials" });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "unsupported_grant_type");
});

test("refresh tokens expire after the configured lifetime (90 days by default)", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  await sandbox.control("/_sandbox/clock", { advance_seconds: 90 * 24 * 3600 + 1 });
  const reply = await refresh(tokens.refresh_token);
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, { reason: "Invalid Token!", error: "invalid_grant" });
});

test("the token endpoint also reads its parameters from the query string, as Zoom documents", async () => {
  const tokens = await connect(sandbox.url, "confab", "ada@acme.test");
  const query = new URLSearchParams({
    grant_type: "refresh_token",
    refresh_token: tokens.refresh_token,
  });
  const response = await fetch(`${sandbox.url}/oauth/token?${query}`, {
    method: "POST",
    headers: { authorization: basicAuth("confab") },
  });
  assert.equal(response.status, 200);
});
