import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CONSUMERS,
  claimsOf,
  consent,
  exchange,
  openAuthorize,
  REDIRECT_URI,
  startTestSandbox,
} from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const contoso = await sandbox.tenant("contoso.example", "Contoso");
const fabrikam = await sandbox.tenant("fabrikam.example", "Fabrikam");
await sandbox.user({ email: "ada@contoso.example", tenant_id: contoso.id });
await sandbox.user({ email: "bob@fabrikam.example", tenant_id: fabrikam.id });
await sandbox.user({ email: "pat@outlook.example", account_type: "personal" });
const app = await sandbox.app({ name: 'Confab <script>alert("x")</script>' });
const orgOnly = await sandbox.app({ name: "Org only", sign_in_audience: "AzureADMultipleOrgs" });

test("the authorize page asks for a sign-in and lists the permissions in words, escaped", async () => {
  const page = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    extra: { login_hint: "ada@contoso.example" },
  });
  assert.equal(page.status, 200);
  assert.match(page.html, /<meta name="viewport"/);
  assert.match(page.html, /Have full access to your calendars/);
  assert.match(page.html, /Maintain access to data you have given it access to/);
  assert.match(page.html, /value="ada@contoso\.example"/);
  assert.match(page.html, /Confab &lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;/);
  assert.doesNotMatch(page.html, /<script>alert/);
});

test("accepting redirects back with a code and the state", async () => {
  const reply = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
    state: "xyz",
  });
  assert.equal(reply.status, 302);
  assert.equal(`${reply.location?.origin}${reply.location?.pathname}`, REDIRECT_URI);
  assert.ok((reply.location?.searchParams.get("code") ?? "").length > 20);
  assert.equal(reply.location?.searchParams.get("state"), "xyz");
});

test("cancelling redirects back with access_denied and AADSTS65004", async () => {
  const reply = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
    decision: "cancel",
  });
  assert.equal(reply.status, 302);
  assert.equal(reply.location?.searchParams.get("error"), "access_denied");
  assert.equal(reply.location?.searchParams.get("error_subcode"), "cancel");
  assert.match(reply.location?.searchParams.get("error_description") ?? "", /^AADSTS65004: /);
  assert.equal(reply.location?.searchParams.get("state"), "state-1");
  assert.equal(reply.location?.searchParams.get("code"), null);
});

test("an unknown client gets an AADSTS700016 page and is never redirected", async () => {
  const page = await openAuthorize(sandbox.url, {
    client_id: "00000000-1111-2222-3333-444444444444",
  });
  assert.equal(page.status, 400);
  assert.equal(page.location, null);
  assert.match(page.html, /AADSTS700016/);
});

test("a redirect URI the app did not register gets an AADSTS50011 page, not a redirect", async () => {
  const page = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    redirect_uri: "https://evil.example/cb",
  });
  assert.equal(page.status, 400);
  assert.equal(page.location, null);
  assert.match(page.html, /AADSTS50011/);
  assert.match(page.html, /https:\/\/evil\.example\/cb/);
});

test("an unknown tenant segment gets an AADSTS90002 page", async () => {
  const page = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    tenant: "nowhere.example",
  });
  assert.equal(page.status, 400);
  assert.match(page.html, /AADSTS90002/);
});

test("a tenant is reached by its id or its verified domain, and only its own users sign in", async () => {
  for (const tenant of [contoso.id, "contoso.example"]) {
    const reply = await consent(sandbox.url, {
      client_id: app.client_id,
      email: "ada@contoso.example",
      tenant,
    });
    assert.equal(reply.status, 302, tenant);
  }
  const stranger = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "bob@fabrikam.example",
    tenant: contoso.id,
  });
  assert.equal(stranger.status, 200);
  assert.equal(stranger.location, null);
  assert.match(stranger.html, /AADSTS50020/);
});

test("a personal account is refused on organizations, and accepted on common with the consumers tenant", async () => {
  const refused = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "pat@outlook.example",
    tenant: "organizations",
  });
  assert.equal(refused.location, null);
  assert.match(refused.html, /You can&#39;t sign in here with a personal account/);

  const accepted = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "pat@outlook.example",
  });
  const code = accepted.location?.searchParams.get("code") ?? "";
  const tokens = await exchange(sandbox.url, app, code);
  assert.equal(tokens.status, 200);
  assert.equal(claimsOf(tokens.body.id_token).tid, CONSUMERS);
});

test("a work account is refused on consumers", async () => {
  const refused = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
    tenant: "consumers",
  });
  assert.equal(refused.location, null);
  assert.match(refused.html, /Use your personal Microsoft account instead/);
});

test("an app for organizations only refuses personal accounts and the consumers endpoint", async () => {
  const refused = await consent(sandbox.url, {
    client_id: orgOnly.client_id,
    email: "pat@outlook.example",
  });
  assert.equal(refused.location, null);
  assert.match(refused.html, /not enabled for consumers/);
  const page = await openAuthorize(sandbox.url, {
    client_id: orgOnly.client_id,
    tenant: "consumers",
  });
  assert.equal(page.status, 400);
  assert.match(page.html, /not enabled for consumers/);
});

test("a username nobody has is asked again on the page", async () => {
  const reply = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "nobody@contoso.example",
  });
  assert.equal(reply.status, 200);
  assert.match(reply.html, /We couldn&#39;t find an account with that username/);
});

test("requests without a scope, with another resource, or a code-less response type are refused by redirect", async () => {
  const noScope = await openAuthorize(sandbox.url, { client_id: app.client_id, scope: " " });
  assert.equal(noScope.location?.searchParams.get("error"), "invalid_request");
  const foreign = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    scope: "openid api://other/read",
  });
  assert.equal(foreign.location?.searchParams.get("error"), "invalid_scope");
  assert.match(foreign.location?.searchParams.get("error_description") ?? "", /^AADSTS70011/);
  const token = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    extra: { response_type: "token" },
  });
  assert.equal(token.location?.searchParams.get("error"), "unsupported_response_type");
});

test("response_mode other than query is refused with a page saying what is modelled", async () => {
  const page = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    extra: { response_mode: "form_post" },
  });
  assert.equal(page.status, 400);
  assert.match(page.html, /response_mode=query/);
});

test("prompt=none without a signed-in user answers login_required without a page", async () => {
  const reply = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    extra: { prompt: "none" },
  });
  assert.equal(reply.status, 302);
  assert.equal(reply.location?.searchParams.get("error"), "login_required");
  assert.match(reply.location?.searchParams.get("error_description") ?? "", /^AADSTS50058/);
});

test("a signed-in user who consented is sent straight back with a code; prompt=consent shows the page", async () => {
  const first = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
  });
  const cookie = first.cookie ?? "";
  assert.match(cookie, /^microsoft_sandbox_session=/);
  const silent = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    cookie,
    extra: { prompt: "none" },
  });
  assert.ok(silent.location?.searchParams.get("code"));
  const sso = await openAuthorize(sandbox.url, { client_id: app.client_id, cookie });
  assert.ok(sso.location?.searchParams.get("code"));
  const again = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    cookie,
    extra: { prompt: "consent" },
  });
  assert.equal(again.status, 200);
  assert.match(again.html, /Permissions requested/);
  const more = await openAuthorize(sandbox.url, {
    client_id: app.client_id,
    cookie,
    scope: "openid OnlineMeetings.ReadWrite",
    extra: { prompt: "none" },
  });
  assert.equal(more.location?.searchParams.get("error"), "consent_required");
});

test("a permission only an admin may grant stops a plain user at Need admin approval", async () => {
  const reply = await consent(sandbox.url, {
    client_id: app.client_id,
    email: "ada@contoso.example",
    scope: "openid User.Read.All",
  });
  assert.equal(reply.status, 403);
  assert.match(reply.html, /Need admin approval/);
  assert.match(reply.html, /error=access_denied/);
});
