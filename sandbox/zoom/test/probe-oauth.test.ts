/**
 * Conformance probe, OAuth: Zoom's authorization-code flow as its documents
 * describe it (zoom.md items 1–7), driven over HTTP against a standalone
 * sandbox. Written from the documents, not from the sandbox's code.
 */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { startZoomSandbox, type ZoomSandbox } from "../index.ts";
import {
  ADMIN_SCOPES,
  advanceClock,
  api,
  authorizationCode,
  authorizeUrl,
  basic,
  consent,
  control,
  exchangeCode,
  oauthPost,
  pkcePair,
  refresh,
  seedAccount,
  seedApp,
  seedUser,
  type Tokens,
  USER_SCOPES,
} from "./probe-client.ts";

let zoom: ZoomSandbox;
let base: string;

before(async () => {
  zoom = await startZoomSandbox({ port: 0 });
  base = zoom.url;
});
after(async () => {
  await zoom.close();
});
beforeEach(async () => {
  assert.equal((await control(base, "POST", "/reset")).status, 200);
});

async function personalSetup() {
  const account = await seedAccount(base, "pro");
  const user = await seedUser(base, account.id, 2, "owner");
  const app = await seedApp(base, "user", USER_SCOPES);
  return { account, user, app };
}

function assertInvalidToken(reply: { status: number; json: unknown }) {
  assert.equal(reply.status, 401);
  const body = reply.json as { code: number; message: string };
  assert.equal(body.code, 124);
  assert.match(body.message, /^(Invalid access token\.|Access token is expired\.)$/);
}

describe("Zoom OAuth, as documented", () => {
  test("Allowing access redirects to the redirect URI with a code and the state unchanged", async () => {
    const { user, app } = await personalSetup();
    const state = "a b&c=d/é";
    const target = await consent(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri, state },
      user.email,
    );
    assert.ok(target);
    assert.equal(`${target.origin}${target.pathname}`, app.redirectUri);
    assert.equal(target.searchParams.get("state"), state);
    assert.match(target.searchParams.get("code") ?? "", /^\S{8,}$/);
    assert.equal(target.searchParams.get("error"), null);
  });

  test("The token reply is a bearer token for 3599 seconds with a refresh token and space-separated scopes", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const reply = await exchangeCode(base, app, code);
    assert.equal(reply.status, 200);
    assert.match(reply.headers.get("content-type") ?? "", /application\/json/);
    assert.equal(reply.json.token_type, "bearer");
    assert.equal(reply.json.expires_in, 3599);
    assert.equal(typeof reply.json.access_token, "string");
    assert.equal(typeof reply.json.refresh_token, "string");
    assert.notEqual(reply.json.access_token, reply.json.refresh_token);
    assert.deepEqual(new Set(reply.json.scope.split(" ")), new Set(USER_SCOPES));
    // A client that honours api_url finds the REST base from the reply alone.
    if (reply.json.api_url !== undefined) {
      const me = await api(reply.json.api_url, reply.json.access_token, "GET", "/users/me");
      assert.equal(me.status, 200);
    }
  });

  test("An authorization code works once; a second exchange is refused as an invalid authorization code", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    assert.equal((await exchangeCode(base, app, code)).status, 200);
    const again = await exchangeCode(base, app, code);
    assert.equal(again.status, 400);
    assert.deepEqual(Object.keys(again.json).sort(), ["error", "reason"]);
    assert.equal(again.json.error, "invalid_request");
    assert.match(again.json.reason, /^Invalid authorization code/);
    assert.equal(again.json.access_token, undefined);
  });

  test("An authorization code expires five minutes after it was issued", async () => {
    const { user, app } = await personalSetup();
    const request = { clientId: app.clientId, redirectUri: app.redirectUri };
    const early = await authorizationCode(base, request, user.email);
    const late = await authorizationCode(base, request, user.email);
    await advanceClock(base, 290);
    assert.equal((await exchangeCode(base, app, early)).status, 200);
    await advanceClock(base, 15);
    const expired = await exchangeCode(base, app, late);
    assert.equal(expired.status, 400);
    assert.match(expired.json.reason, /^Invalid authorization code/);
    assert.equal(expired.json.access_token, undefined);
  });

  test("An access token works for an hour, then answers 401 code 124", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const tokens = (await exchangeCode(base, app, code)).json as Tokens;
    await advanceClock(base, 3590);
    assert.equal((await api(base, tokens.access_token, "GET", "/users/me")).status, 200);
    await advanceClock(base, 15);
    assertInvalidToken(await api(base, tokens.access_token, "GET", "/users/me"));
    // A token that never existed is refused the same way.
    assertInvalidToken(await api(base, "not-a-token", "GET", "/users/me"));
    const anonymous = await fetch(`${base}/v2/users/me`);
    assertInvalidToken({ status: anonymous.status, json: await anonymous.json() });
  });

  test("Refreshing rotates the refresh token and the old one is refused at once with 400 invalid_grant", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const first = (await exchangeCode(base, app, code)).json as Tokens;
    const rotated = await refresh(base, app, first.refresh_token);
    assert.equal(rotated.status, 200);
    assert.equal(rotated.json.token_type, "bearer");
    assert.equal(rotated.json.expires_in, 3599);
    assert.notEqual(rotated.json.refresh_token, first.refresh_token);
    assert.notEqual(rotated.json.access_token, first.access_token);
    assert.equal((await api(base, rotated.json.access_token, "GET", "/users/me")).status, 200);

    // No grace period: the very next use of the old refresh token fails for good.
    const stale = await refresh(base, app, first.refresh_token);
    assert.equal(stale.status, 400);
    assert.deepEqual(stale.json, { reason: "Invalid Token!", error: "invalid_grant" });

    // The rotated one keeps working, and rotates in turn.
    const next = await refresh(base, app, rotated.json.refresh_token);
    assert.equal(next.status, 200);
    assert.equal(
      (await refresh(base, app, rotated.json.refresh_token)).json.error,
      "invalid_grant",
    );
  });

  test("Two refreshes racing with the same refresh token: one wins, the other gets invalid_grant", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const tokens = (await exchangeCode(base, app, code)).json as Tokens;
    const replies = await Promise.all([
      refresh(base, app, tokens.refresh_token),
      refresh(base, app, tokens.refresh_token),
    ]);
    assert.deepEqual(replies.map((reply) => reply.status).sort(), [200, 400]);
    assert.equal(replies.find((reply) => reply.status === 400)?.json.error, "invalid_grant");
  });

  test("Authorizing the app again invalidates the earlier access and refresh tokens", async () => {
    const { user, app } = await personalSetup();
    const request = { clientId: app.clientId, redirectUri: app.redirectUri };
    const older = (
      await exchangeCode(base, app, await authorizationCode(base, request, user.email))
    ).json as Tokens;
    const newer = (
      await exchangeCode(base, app, await authorizationCode(base, request, user.email))
    ).json as Tokens;
    assertInvalidToken(await api(base, older.access_token, "GET", "/users/me"));
    assert.deepEqual((await refresh(base, app, older.refresh_token)).json, {
      reason: "Invalid Token!",
      error: "invalid_grant",
    });
    assert.equal((await api(base, newer.access_token, "GET", "/users/me")).status, 200);
    assert.equal((await refresh(base, app, newer.refresh_token)).status, 200);
  });

  test("Revoking an access token answers success and ends the grant", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const tokens = (await exchangeCode(base, app, code)).json as Tokens;
    const unauthenticated = await oauthPost(base, "/oauth/revoke", { token: tokens.access_token });
    assert.equal(unauthenticated.status, 401);
    assert.equal(unauthenticated.json.error, "invalid_client");
    assert.equal((await api(base, tokens.access_token, "GET", "/users/me")).status, 200);

    const revoked = await oauthPost(
      base,
      "/oauth/revoke",
      { token: tokens.access_token },
      basic(app.clientId, app.clientSecret),
    );
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.json, { status: "success" });
    assertInvalidToken(await api(base, tokens.access_token, "GET", "/users/me"));
    assert.equal((await refresh(base, app, tokens.refresh_token)).json.error, "invalid_grant");
  });

  test("With PKCE S256 the code is exchanged only with the verifier whose SHA-256 is the challenge", async () => {
    const { user, app } = await personalSetup();
    const { verifier, challenge } = pkcePair();
    const request = {
      clientId: app.clientId,
      redirectUri: app.redirectUri,
      codeChallenge: challenge,
      codeChallengeMethod: "S256",
    };
    const missing = await exchangeCode(
      base,
      app,
      await authorizationCode(base, request, user.email),
    );
    assert.equal(missing.status, 400);
    assert.equal(missing.json.access_token, undefined);

    const wrong = await exchangeCode(
      base,
      app,
      await authorizationCode(base, request, user.email),
      {
        code_verifier: pkcePair().verifier,
      },
    );
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json.access_token, undefined);
    assert.ok(["invalid_grant", "invalid_request"].includes(wrong.json.error));

    // The verifier itself, sent as if it were the challenge ("plain"), must not pass for S256.
    const asPlain = await exchangeCode(
      base,
      app,
      await authorizationCode(base, request, user.email),
      {
        code_verifier: challenge,
      },
    );
    assert.equal(asPlain.status, 400);

    const right = await exchangeCode(
      base,
      app,
      await authorizationCode(base, request, user.email),
      {
        code_verifier: verifier,
      },
    );
    assert.equal(right.status, 200);
    assert.equal(typeof right.json.access_token, "string");
  });

  test("The token endpoint authenticates the client with HTTP Basic and refuses others with invalid_client", async () => {
    const { user, app } = await personalSetup();
    const request = { clientId: app.clientId, redirectUri: app.redirectUri };
    const code = await authorizationCode(base, request, user.email);
    const form = { grant_type: "authorization_code", code, redirect_uri: app.redirectUri };
    for (const authorization of [
      undefined,
      basic(app.clientId, "wrong-secret"),
      basic("someone-else", app.clientSecret),
      `Bearer ${app.clientSecret}`,
    ]) {
      const reply = await oauthPost(base, "/oauth/token", form, authorization);
      assert.equal(reply.status, 401, `authorization ${authorization}`);
      assert.equal(reply.json.error, "invalid_client");
      assert.equal(typeof reply.json.reason, "string");
    }
    // Absent credentials are named apart from wrong ones in Zoom's OAuth error table.
    const absent = await oauthPost(base, "/oauth/token", form);
    assert.equal(absent.json.reason, "Client ID or client secret is missing.");
    // The refused attempts did not use the code up.
    const ok = await oauthPost(base, "/oauth/token", form, basic(app.clientId, app.clientSecret));
    assert.equal(ok.status, 200);
  });

  test("The token endpoint tells a redirect URI mismatch and an unsupported grant type apart", async () => {
    const { user, app } = await personalSetup();
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const mismatch = await oauthPost(
      base,
      "/oauth/token",
      { grant_type: "authorization_code", code, redirect_uri: "https://confab.example/other" },
      basic(app.clientId, app.clientSecret),
    );
    assert.equal(mismatch.status, 400);
    assert.match(mismatch.json.reason, /redirect/i);

    const unsupported = await oauthPost(
      base,
      "/oauth/token",
      { grant_type: "password", username: "x", password: "y" },
      basic(app.clientId, app.clientSecret),
    );
    assert.equal(unsupported.status, 400);
    assert.equal(unsupported.json.error, "unsupported_grant_type");

    // Zoom's OAuth error table names a missing grant type apart from an unsupported one.
    const missing = await oauthPost(
      base,
      "/oauth/token",
      { code, redirect_uri: app.redirectUri },
      basic(app.clientId, app.clientSecret),
    );
    assert.equal(missing.status, 400);
    assert.equal(missing.json.reason, "Missing grant type.");
    assert.notEqual(missing.json.error, "unsupported_grant_type");
  });

  test("An unknown client_id or an unregistered redirect_uri shows an error page and redirects nowhere", async () => {
    const { app } = await personalSetup();
    for (const request of [
      { clientId: "no-such-client", redirectUri: app.redirectUri, state: "x" },
      { clientId: app.clientId, redirectUri: "https://attacker.example/cb", state: "x" },
      { clientId: app.clientId, redirectUri: `${app.redirectUri}/extra`, state: "x" },
      { clientId: app.clientId, redirectUri: 'https://x.example/"><script>alert(1)</script>' },
    ]) {
      const page = await fetch(authorizeUrl(base, request), { redirect: "manual" });
      const html = await page.text();
      assert.ok(page.status >= 400 && page.status < 500, `${request.clientId}: ${page.status}`);
      assert.equal(page.headers.get("location"), null);
      assert.doesNotMatch(html, /<form\b/i);
      // Zoom names the rejected redirect on its error page; it must be shown as text only.
      assert.doesNotMatch(html, /<script>alert/);
    }
  });

  test("Declining redirects with error=access_denied and the state, and issues no code", async () => {
    const { user, app } = await personalSetup();
    const target = await consent(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri, state: "keep-me" },
      user.email,
      "Decline",
    );
    assert.ok(target);
    assert.equal(`${target.origin}${target.pathname}`, app.redirectUri);
    assert.equal(target.searchParams.get("error"), "access_denied");
    assert.equal(target.searchParams.get("state"), "keep-me");
    assert.equal(target.searchParams.get("code"), null);
  });

  test("A token without the needed scope gets 400 code 4711 naming the missing scope", async () => {
    const account = await seedAccount(base, "pro");
    const user = await seedUser(base, account.id, 2, "owner");
    const app = await seedApp(base, "user", ["user:read:user"]);
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      user.email,
    );
    const tokens = (await exchangeCode(base, app, code)).json as Tokens;
    assert.equal(tokens.scope, "user:read:user");
    const create = await api(base, tokens.access_token, "POST", "/users/me/meetings", {
      topic: "x",
      type: 2,
      start_time: "2030-01-01T10:00:00Z",
      duration: 30,
    });
    assert.equal(create.status, 400);
    assert.equal(create.json.code, 4711);
    assert.match(
      create.json.message,
      /^Invalid access token, does not contain scopes:\[[^\]]*meeting:write:meeting[^\]]*\]\.$/,
    );
    const meetings = await control(base, "GET", `/meetings?host_email=${user.email}`);
    assert.deepEqual(meetings.json, []);
  });

  test("An admin-managed app is authorized by an owner for the whole account", async () => {
    const account = await seedAccount(base, "business");
    const owner = await seedUser(base, account.id, 2, "owner");
    const app = await seedApp(base, "admin", ADMIN_SCOPES);
    const code = await authorizationCode(
      base,
      { clientId: app.clientId, redirectUri: app.redirectUri },
      owner.email,
    );
    const tokens = (await exchangeCode(base, app, code)).json as Tokens;
    assert.deepEqual(new Set(tokens.scope.split(" ")), new Set(ADMIN_SCOPES));
  });

  test("A person can sign in and allow access on the consent page in a real browser", async () => {
    const { user, app } = await personalSetup();
    // The browser must land somewhere real, so the redirect URI is a local listener.
    const landed: URL[] = [];
    const callback = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      // The browser also asks for a favicon; only the redirect counts.
      if (url.pathname === "/zoom/callback") landed.push(url);
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("connected");
    });
    await new Promise<void>((resolve) => callback.listen(0, "127.0.0.1", resolve));
    const redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/zoom/callback`;
    assert.equal(
      (await control(base, "PATCH", `/apps/${app.clientId}`, { redirect_uris: [redirectUri] }))
        .status,
      200,
    );
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-gpu"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(
        authorizeUrl(base, { clientId: app.clientId, redirectUri, state: "browser-state" }),
      );
      await page.getByLabel(/email/i).fill(user.email);
      await Promise.all([
        page.waitForURL((url) => url.pathname === "/zoom/callback"),
        page.getByRole("button", { name: "Allow" }).click(),
      ]);
      assert.equal(await page.textContent("body"), "connected");
    } finally {
      await browser.close();
      await new Promise<void>((resolve) => callback.close(() => resolve()));
    }
    assert.equal(landed.length, 1);
    const [arrival] = landed;
    assert.equal(arrival?.searchParams.get("state"), "browser-state");
    const code = arrival?.searchParams.get("code") ?? "";
    const reply = await exchangeCode(base, { ...app, redirectUri }, code);
    assert.equal(reply.status, 200);
  });
});
