import assert from "node:assert/strict";
import { test } from "node:test";
import {
  consent,
  exchange,
  pkcePair,
  REDIRECT_URI,
  startTestSandbox,
  tokenRequest,
} from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const account = await sandbox.account("pro");
await sandbox.user({ email: "owner@acme.test", account_id: account, role: "owner" });
await sandbox.user({ email: "member@acme.test", account_id: account, role: "member" });
await sandbox.app({ client_id: "personal", name: 'Confab <script>alert("x")</script>' });
await sandbox.app({ client_id: "org", kind: "admin", name: "Confab for organizations" });

function authorizeUrl(params: Record<string, string>): string {
  return `${sandbox.url}/oauth/authorize?${new URLSearchParams(params)}`;
}

test("the consent page names the app, describes the scopes and offers Allow and Decline", async () => {
  const response = await fetch(
    authorizeUrl({
      response_type: "code",
      client_id: "personal",
      redirect_uri: REDIRECT_URI,
      state: 'st"ate',
    }),
  );
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /text\/html/);
  const html = await response.text();
  assert.match(html, /Confab &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.doesNotMatch(html, /<script>/);
  assert.match(html, /Create your meetings/);
  assert.match(html, /View your user information/);
  assert.match(html, /<button[^>]*>Allow<\/button>/);
  assert.match(html, /<button[^>]*>Decline<\/button>/);
  assert.match(html, /<input type="email"/);
  assert.match(html, /value="st&quot;ate"/);
});

test("Allow redirects to the redirect URI with a code and the state", async () => {
  const { status, location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
    state: "xyz",
  });
  assert.equal(status, 302);
  assert.equal(`${location?.origin}${location?.pathname}`, REDIRECT_URI);
  assert.ok((location?.searchParams.get("code") ?? "").length > 10);
  assert.equal(location?.searchParams.get("state"), "xyz");
});

test("Decline redirects with error=access_denied and the state, and no code", async () => {
  const { status, location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "",
    decision: "decline",
    state: "abc",
  });
  assert.equal(status, 302);
  assert.equal(location?.searchParams.get("error"), "access_denied");
  assert.equal(location?.searchParams.get("state"), "abc");
  assert.equal(location?.searchParams.get("code"), null);
});

test("an unknown client_id shows an error page and redirects nowhere", async () => {
  const response = await fetch(
    authorizeUrl({ response_type: "code", client_id: "nobody", redirect_uri: REDIRECT_URI }),
    { redirect: "manual" },
  );
  assert.equal(response.status, 400);
  assert.equal(response.headers.get("location"), null);
  assert.match(await response.text(), /Invalid client_id: nobody/);
});

test("a redirect URI the app did not register shows an error page and redirects nowhere", async () => {
  const evil = "https://evil.example/steal";
  const page = await fetch(
    authorizeUrl({ response_type: "code", client_id: "personal", redirect_uri: evil }),
    { redirect: "manual" },
  );
  assert.equal(page.status, 400);
  assert.equal(page.headers.get("location"), null);
  const submitted = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
    redirect_uri: evil,
  });
  assert.equal(submitted.status, 400);
  assert.equal(submitted.location, null);
  assert.match(submitted.html, /Invalid redirect/);
});

test("signing in with an email no sandbox user has shows the form again with a message", async () => {
  const { status, location, html } = await consent(sandbox.url, {
    client_id: "personal",
    email: "stranger@else.test",
  });
  assert.equal(status, 200);
  assert.equal(location, null);
  assert.match(html, /No Zoom user has this email address/);
  assert.match(html, /value="stranger@else.test"/);
});

test("a member cannot authorize an admin-managed app, and is not redirected", async () => {
  const { status, location, html } = await consent(sandbox.url, {
    client_id: "org",
    email: "member@acme.test",
  });
  assert.equal(status, 403);
  assert.equal(location, null);
  assert.match(html, /owner or admin/);
});

test("an admin-managed app's page describes account-wide access", async () => {
  const response = await fetch(
    authorizeUrl({ response_type: "code", client_id: "org", redirect_uri: REDIRECT_URI }),
  );
  assert.match(await response.text(), /Create meetings for every user in your account/);
});

test("an owner can authorize an admin-managed app", async () => {
  const { location } = await consent(sandbox.url, { client_id: "org", email: "owner@acme.test" });
  assert.ok(location?.searchParams.get("code"));
});

test("an authorization code works once; reusing it is refused as Zoom does", async () => {
  const { location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
  });
  const code = location?.searchParams.get("code") ?? "";
  const first = await exchange(sandbox.url, "personal", code);
  assert.equal(first.status, 200);
  const again = await exchange(sandbox.url, "personal", code);
  assert.equal(again.status, 400);
  assert.deepEqual(again.body, {
    reason: `Invalid authorization code ${code}`,
    error: "invalid_request",
  });
});

test("an authorization code expires after five minutes", async () => {
  const { location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
  });
  const code = location?.searchParams.get("code") ?? "";
  await sandbox.control("/_sandbox/clock", { advance_seconds: 301 });
  const reply = await exchange(sandbox.url, "personal", code);
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "invalid_request");
});

test("an authorization code is still good just before five minutes", async () => {
  const { location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
  });
  await sandbox.control("/_sandbox/clock", { advance_seconds: 290 });
  const reply = await exchange(sandbox.url, "personal", location?.searchParams.get("code") ?? "");
  assert.equal(reply.status, 200);
});

test("the token request must repeat the redirect URI the code was issued for", async () => {
  const { location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
  });
  const reply = await tokenRequest(sandbox.url, "personal", {
    grant_type: "authorization_code",
    code: location?.searchParams.get("code") ?? "",
    redirect_uri: "https://confab.example/other",
  });
  assert.equal(reply.status, 400);
  assert.deepEqual(reply.body, { reason: "Redirect URI mismatch.", error: "invalid_request" });
});

test("with a PKCE challenge, the token request needs the matching code_verifier", async () => {
  const { verifier, challenge } = pkcePair();
  const issue = async () =>
    (
      await consent(sandbox.url, {
        client_id: "personal",
        email: "member@acme.test",
        code_challenge: challenge,
      })
    ).location?.searchParams.get("code") ?? "";

  const missing = await exchange(sandbox.url, "personal", await issue());
  assert.equal(missing.status, 400);
  assert.equal(missing.body.error, "invalid_grant");

  const wrong = await exchange(sandbox.url, "personal", await issue(), {
    code_verifier: `${verifier}x`,
  });
  assert.equal(wrong.status, 400);

  const right = await exchange(sandbox.url, "personal", await issue(), { code_verifier: verifier });
  assert.equal(right.status, 200);
  assert.ok(right.body.access_token);
});

test("the token endpoint refuses a client without Basic credentials or with a wrong secret", async () => {
  const { location } = await consent(sandbox.url, {
    client_id: "personal",
    email: "member@acme.test",
  });
  const code = location?.searchParams.get("code") ?? "";
  const wrongSecret = await tokenRequest(
    sandbox.url,
    "personal",
    { grant_type: "authorization_code", code, redirect_uri: REDIRECT_URI },
    "not-the-secret",
  );
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.body.error, "invalid_client");

  const inBody = await fetch(`${sandbox.url}/oauth/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      client_id: "personal",
      client_secret: "personal-secret",
    }),
  });
  assert.equal(inBody.status, 401);
  assert.equal(((await inBody.json()) as { error: string }).error, "invalid_client");

  // The code was never spent by the refused attempts.
  assert.equal((await exchange(sandbox.url, "personal", code)).status, 200);
});

test("a code issued to one app cannot be exchanged by another", async () => {
  const { location } = await consent(sandbox.url, { client_id: "org", email: "owner@acme.test" });
  const code = location?.searchParams.get("code") ?? "";
  const reply = await exchange(sandbox.url, "personal", code);
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "invalid_request");
});
