import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  call,
  claimsOf,
  connect,
  consent,
  exchange,
  pkcePair,
  startTestSandbox,
  tokenRequest,
} from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const contoso = await sandbox.tenant("contoso.example", "Contoso");
const ada = await sandbox.user({
  email: "ada@contoso.example",
  tenant_id: contoso.id,
  display_name: "Ada Lovelace",
});
const app = await sandbox.app();

async function codeFor(input: Record<string, string> = {}) {
  const reply = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
    ...input,
  });
  return reply.location?.searchParams.get("code") ?? "";
}

function refresh(refreshToken: string, extra: Record<string, string> = {}) {
  return tokenRequest(sandbox.url, {
    grant_type: "refresh_token",
    client_id: app.client_id,
    client_secret: app.client_secret,
    refresh_token: refreshToken,
    ...extra,
  });
}

test("a code is exchanged for access, refresh and ID tokens with Microsoft's fields", async () => {
  const reply = await exchange(sandbox.url, app, await codeFor({ nonce: "n-123" }));
  assert.equal(reply.status, 200);
  assert.equal(reply.body.token_type, "Bearer");
  assert.equal(reply.body.expires_in, 3600);
  assert.equal(reply.body.ext_expires_in, 3600);
  assert.match(reply.body.scope, /https:\/\/graph\.microsoft\.com\/Calendars\.ReadWrite/);
  assert.equal(typeof reply.body.refresh_token, "string");
  // Access tokens are opaque: not a JWT a client could be tempted to read.
  assert.equal(reply.body.access_token.split(".").length, 1);
  const claims = claimsOf(reply.body.id_token);
  assert.equal(claims.ver, "2.0");
  assert.equal(claims.tid, contoso.id);
  assert.equal(claims.oid, ada.id);
  assert.equal(claims.preferred_username, "ada@contoso.example");
  assert.equal(claims.name, "Ada Lovelace");
  assert.equal(claims.email, "ada@contoso.example");
  assert.equal(claims.aud, app.client_id);
  assert.equal(claims.iss, `${sandbox.url}/${contoso.id}/v2.0`);
  assert.equal(claims.nonce, "n-123");
  const [header, payload, signature] = reply.body.id_token.split(".");
  const expected = createHmac("sha256", app.client_secret)
    .update(`${header}.${payload}`)
    .digest("base64url");
  assert.equal(signature, expected);
});

test("without offline_access there is no refresh token, and without openid no ID token", async () => {
  const reply = await exchange(sandbox.url, app, await codeFor({ scope: "User.Read" }));
  assert.equal(reply.status, 200);
  assert.equal(reply.body.refresh_token, undefined);
  assert.equal(reply.body.id_token, undefined);
});

test("a code works once: the second redemption is AADSTS54005", async () => {
  const code = await codeFor();
  assert.equal((await exchange(sandbox.url, app, code)).status, 200);
  const again = await exchange(sandbox.url, app, code);
  assert.equal(again.status, 400);
  assert.equal(again.body.error, "invalid_grant");
  assert.deepEqual(again.body.error_codes, [54005]);
  assert.match(again.body.error_description, /^AADSTS54005: /);
  assert.equal(typeof again.body.trace_id, "string");
  assert.equal(typeof again.body.correlation_id, "string");
});

test("a code expires after ten minutes: AADSTS70008", async () => {
  const code = await codeFor();
  await sandbox.control("/_sandbox/clock", { advance_seconds: 601 });
  const late = await exchange(sandbox.url, app, code);
  assert.equal(late.status, 400);
  assert.equal(late.body.error, "invalid_grant");
  assert.deepEqual(late.body.error_codes, [70008]);
});

test("PKCE: a code issued with an S256 challenge needs the matching verifier", async () => {
  const { verifier, challenge } = pkcePair();
  const missing = await exchange(sandbox.url, app, await codeFor({ code_challenge: challenge }));
  assert.deepEqual(missing.body.error_codes, [501481]);
  const wrong = await exchange(sandbox.url, app, await codeFor({ code_challenge: challenge }), {
    code_verifier: `${verifier}-not`,
  });
  assert.deepEqual(wrong.body.error_codes, [501481]);
  const right = await exchange(sandbox.url, app, await codeFor({ code_challenge: challenge }), {
    code_verifier: verifier,
  });
  assert.equal(right.status, 200);
});

test("the client must prove itself: no secret 7000218, a wrong one 7000215, an unknown app 700016", async () => {
  const code = await codeFor();
  const none = await tokenRequest(sandbox.url, {
    grant_type: "authorization_code",
    client_id: app.client_id,
    code,
  });
  assert.equal(none.status, 401);
  assert.deepEqual(none.body.error_codes, [7000218]);
  const wrong = await exchange(sandbox.url, app, code, { client_secret: "not-it" });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.error, "invalid_client");
  assert.deepEqual(wrong.body.error_codes, [7000215]);
  const unknown = await exchange(sandbox.url, app, code, {
    client_id: "00000000-0000-0000-0000-000000000001",
  });
  assert.deepEqual(unknown.body.error_codes, [700016]);
  // HTTP Basic works as well as the form.
  const response = await fetch(`${sandbox.url}/common/oauth2/v2.0/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString("base64")}`,
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: "https://confab.example/oauth/microsoft/callback",
    }),
  });
  assert.equal(response.status, 200);
});

test("an unknown grant type is unsupported_grant_type", async () => {
  const reply = await tokenRequest(sandbox.url, {
    grant_type: "password",
    client_id: app.client_id,
    client_secret: app.client_secret,
  });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "unsupported_grant_type");
});

test("every refresh gives a new refresh token, and the one presented keeps working as Microsoft documents", async () => {
  const tokens = await connect(sandbox.url, app, "ada@contoso.example");
  const first = await refresh(tokens.refresh_token);
  assert.equal(first.status, 200);
  assert.notEqual(first.body.refresh_token, tokens.refresh_token);
  assert.notEqual(first.body.access_token, tokens.access_token);
  assert.equal(claimsOf(first.body.id_token).tid, contoso.id);
  const second = await refresh(first.body.refresh_token);
  assert.notEqual(second.body.refresh_token, first.body.refresh_token);
  // "The Microsoft identity platform doesn't revoke old refresh tokens when used."
  const old = await refresh(tokens.refresh_token);
  assert.equal(old.status, 200);
});

test("asking a refresh for a permission never consented is AADSTS65001", async () => {
  const tokens = await connect(sandbox.url, app, "ada@contoso.example");
  const reply = await refresh(tokens.refresh_token, { scope: "openid OnlineMeetings.ReadWrite" });
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body.error_codes, [65001]);
});

test("removing the app's consent revokes its refresh tokens: AADSTS50173", async () => {
  const tokens = await connect(sandbox.url, app, "ada@contoso.example");
  const rotated = await refresh(tokens.refresh_token);
  const removed = await sandbox.control(
    `/_sandbox/users/${ada.id}/consents/${app.client_id}`,
    undefined,
    "DELETE",
  );
  assert.equal(removed.removed_grant, true);
  for (const token of [tokens.refresh_token, rotated.body.refresh_token]) {
    const reply = await refresh(token);
    assert.equal(reply.status, 400);
    assert.equal(reply.body.error, "invalid_grant");
    assert.deepEqual(reply.body.error_codes, [50173]);
  }
  // An access token already issued runs until it expires, as Microsoft's do.
  assert.equal((await call(`${sandbox.url}/v1.0/me`, { token: tokens.access_token })).status, 200);
});

test("access tokens last an hour and refresh tokens ninety days, by the sandbox clock", async () => {
  const tokens = await connect(sandbox.url, app, "ada@contoso.example");
  await sandbox.control("/_sandbox/clock", { advance_seconds: 3601 });
  const expired = await call(`${sandbox.url}/v1.0/me`, { token: tokens.access_token });
  assert.equal(expired.status, 401);
  assert.equal(expired.body.error.code, "InvalidAuthenticationToken");
  assert.equal((await refresh(tokens.refresh_token)).status, 200);
  await sandbox.control("/_sandbox/clock", { advance_seconds: 90 * 24 * 3600 });
  const stale = await refresh(tokens.refresh_token);
  assert.deepEqual(stale.body.error_codes, [700082]);
});

test("the ID token lists a user's directory roles in wids only when the app's groupMembershipClaims includes DirectoryRole, which Microsoft's default None does not", async () => {
  await sandbox.user({
    email: "grace@contoso.example",
    tenant_id: contoso.id,
    admin_role: "global_administrator",
  });
  const signIn = async (client: { client_id: string; client_secret: string }, email: string) => {
    const reply = await consent(sandbox.url, {
      client_id: client.client_id,
      email,
      scope: "openid profile",
      tenant: "organizations",
    });
    const code = reply.location?.searchParams.get("code") ?? "";
    return claimsOf(
      (await exchange(sandbox.url, client, code, { scope: "openid profile" })).body.id_token,
    );
  };
  const globalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
  const memberRole = "b79fbf4d-3ef9-4689-8143-76b194e85509";

  assert.equal((await signIn(app, "grace@contoso.example")).wids, undefined);

  const roles = await sandbox.app({ group_membership_claims: "DirectoryRole" });
  assert.equal(roles.group_membership_claims, "DirectoryRole");
  assert.deepEqual((await signIn(roles, "grace@contoso.example")).wids, [
    globalAdministrator,
    memberRole,
  ]);
  assert.deepEqual((await signIn(roles, "ada@contoso.example")).wids, [memberRole]);

  const change = (value: unknown) =>
    fetch(`${sandbox.url}/_sandbox/apps/${roles.client_id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ group_membership_claims: value }),
    });
  assert.equal((await change("SecurityGroup")).status, 200);
  assert.equal((await signIn(roles, "grace@contoso.example")).wids, undefined);
  assert.equal((await change("All")).status, 200);
  assert.ok((await signIn(roles, "grace@contoso.example")).wids.includes(globalAdministrator));
  assert.equal((await change("Everything")).status, 400);
});
