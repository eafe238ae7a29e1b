import assert from "node:assert/strict";
import { test } from "node:test";
import { call, connect, startTestSandbox } from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const acme = await sandbox.account("business");
const globex = await sandbox.account("pro");
const free = await sandbox.account("free");
const owner = await sandbox.user({ email: "owner@acme.test", account_id: acme, role: "owner" });
const member = await sandbox.user({ email: "member@acme.test", account_id: acme, role: "member" });
const basic = await sandbox.user({ email: "basic@acme.test", account_id: acme, type: 1 });
const outsider = await sandbox.user({
  email: "admin@globex.test",
  account_id: globex,
  role: "admin",
});
await sandbox.user({ email: "solo@free.test", account_id: free, type: 1, role: "owner" });
await sandbox.app({ client_id: "personal" });
await sandbox.app({ client_id: "org", kind: "admin" });
await sandbox.app({ client_id: "meetings-only", scopes: ["meeting:write:meeting"] });
await sandbox.app({ client_id: "classic", scopes: ["meeting:write"] });
await sandbox.app({ client_id: "org-self-only", kind: "admin", scopes: ["user:read:user"] });

const getUser = (userId: string, token: string) =>
  call(`${sandbox.url}/v2/users/${encodeURIComponent(userId)}`, { token });

test("GET /users/me returns the signed-in user with Zoom's fields", async () => {
  const tokens = await connect(sandbox.url, "personal", "member@acme.test");
  const reply = await getUser("me", tokens.access_token);
  assert.equal(reply.status, 200);
  for (const field of [
    "id",
    "email",
    "first_name",
    "last_name",
    "display_name",
    "account_id",
    "role_name",
    "type",
    "pmi",
    "timezone",
    "status",
  ]) {
    assert.ok(field in reply.body, `missing ${field}`);
  }
  assert.equal(reply.body.id, member.id);
  assert.equal(reply.body.email, "member@acme.test");
  assert.equal(reply.body.account_id, acme);
  assert.equal(reply.body.role_name, "Member");
  assert.equal(reply.body.type, 2);
  assert.equal(typeof reply.body.pmi, "number");
});

test("a Basic user can be looked up and shows type 1", async () => {
  const tokens = await connect(sandbox.url, "personal", "basic@acme.test");
  const reply = await getUser("me", tokens.access_token);
  assert.equal(reply.status, 200);
  assert.equal(reply.body.type, 1);
  assert.equal(reply.body.id, basic.id);
});

test("a user-managed token may name its own user by id or email", async () => {
  const tokens = await connect(sandbox.url, "personal", "member@acme.test");
  assert.equal((await getUser(member.id, tokens.access_token)).status, 200);
  assert.equal((await getUser("MEMBER@acme.test", tokens.access_token)).body.id, member.id);
});

test("a user-managed token cannot act for another user of its account (4711)", async () => {
  const tokens = await connect(sandbox.url, "personal", "member@acme.test");
  const reply = await getUser("owner@acme.test", tokens.access_token);
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, {
    code: 4711,
    message: "Invalid access token, does not contain scopes:[user:read:user:admin].",
  });
});

test("an admin token acts on any user of its own account by email or id", async () => {
  const tokens = await connect(sandbox.url, "org", "owner@acme.test");
  assert.equal((await getUser("member@acme.test", tokens.access_token)).body.id, member.id);
  assert.equal((await getUser(basic.id, tokens.access_token)).status, 200);
  assert.equal((await getUser("me", tokens.access_token)).body.id, owner.id);
});

test("an admin token cannot see users of another account: they do not exist (1001)", async () => {
  const tokens = await connect(sandbox.url, "org", "owner@acme.test");
  const reply = await getUser("admin@globex.test", tokens.access_token);
  assert.equal(reply.status, 404);
  assert.deepEqual(reply.body, { code: 1001, message: "User does not exist: admin@globex.test." });
  assert.equal((await getUser(outsider.id, tokens.access_token)).status, 404);
});

test("an unknown user answers 404 code 1001 naming the id asked for", async () => {
  const tokens = await connect(sandbox.url, "org", "owner@acme.test");
  const reply = await getUser("ghost@acme.test", tokens.access_token);
  assert.equal(reply.status, 404);
  assert.deepEqual(reply.body, { code: 1001, message: "User does not exist: ghost@acme.test." });
});

test("a token without a user scope is refused with 4711 listing the scopes it lacks", async () => {
  const tokens = await connect(sandbox.url, "meetings-only", "member@acme.test");
  const reply = await getUser("me", tokens.access_token);
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, {
    code: 4711,
    message:
      "Invalid access token, does not contain scopes:[user:read:user, user:read:user:admin].",
  });
});

test("classic scopes are named in classic terms when refused", async () => {
  const tokens = await connect(sandbox.url, "classic", "member@acme.test");
  const reply = await getUser("me", tokens.access_token);
  assert.equal(reply.body.code, 4711);
  assert.match(reply.body.message, /\[user:read, user:read:admin\]/);
});

test("an admin-managed app with only a non-admin scope acts for the authorizing admin alone", async () => {
  const tokens = await connect(sandbox.url, "org-self-only", "owner@acme.test");
  assert.equal((await getUser("me", tokens.access_token)).status, 200);
  assert.equal((await getUser("member@acme.test", tokens.access_token)).body.code, 4711);
});

test("a user of a free account is Basic and belongs to that account", async () => {
  const tokens = await connect(sandbox.url, "personal", "solo@free.test");
  const reply = await getUser("me", tokens.access_token);
  assert.equal(reply.body.type, 1);
  assert.equal(reply.body.account_id, free);
  assert.equal(reply.body.role_name, "Owner");
});
