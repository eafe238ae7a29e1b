import assert from "node:assert/strict";
import { test } from "node:test";
import {
  adminConsent,
  appToken,
  call,
  connect,
  REDIRECT_URI,
  signInCookie,
  startTestSandbox,
  tokenRequest,
} from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const contoso = await sandbox.tenant("contoso.example", "Contoso");
const fabrikam = await sandbox.tenant("fabrikam.example", "Fabrikam");
const tailspin = await sandbox.tenant("tailspin.example", "Tailspin");
await sandbox.user({
  email: "admin@contoso.example",
  tenant_id: contoso.id,
  admin_role: "global_administrator",
});
await sandbox.user({ email: "ada@contoso.example", tenant_id: contoso.id });
await sandbox.user({
  email: "cloud@contoso.example",
  tenant_id: contoso.id,
  admin_role: "cloud_application_administrator",
});
await sandbox.user({
  email: "pra@fabrikam.example",
  tenant_id: fabrikam.id,
  admin_role: "privileged_role_administrator",
});
await sandbox.user({ email: "tom@tailspin.example", tenant_id: tailspin.id });
const roles = ["Calendars.ReadWrite", "User.Read.All", "OnlineMeetings.ReadWrite.All"];
const app = await sandbox.app({
  application_permissions: roles,
  delegated_permissions: ["User.Read"],
});
const delegatedOnly = await sandbox.app({
  name: "Delegated only",
  delegated_permissions: ["User.Read"],
});

test("the admin consent page lists the application permissions the app asks for", async () => {
  const query = new URLSearchParams({
    client_id: app.client_id,
    redirect_uri: REDIRECT_URI,
    state: "s",
  });
  const response = await fetch(`${sandbox.url}/organizations/adminconsent?${query}`);
  const html = await response.text();
  assert.equal(response.status, 200);
  assert.match(html, /Read and write calendars in all mailboxes/);
  assert.match(html, /OnlineMeetings\.ReadWrite\.All/);
});

test("admin consent on common is refused: personal accounts cannot give it", async () => {
  const query = new URLSearchParams({ client_id: app.client_id, redirect_uri: REDIRECT_URI });
  const response = await fetch(`${sandbox.url}/common/adminconsent?${query}`, {
    redirect: "manual",
  });
  assert.equal(response.status, 400);
  assert.equal(response.headers.get("location"), null);
});

test("without any consent in the tenant, client credentials answer AADSTS7000229", async () => {
  const reply = await appToken(sandbox.url, app, tailspin.id);
  assert.equal(reply.status, 401);
  assert.equal(reply.body.error, "invalid_client");
  assert.deepEqual(reply.body.error_codes, [7000229]);
});

test("a Global Administrator grants: the app returns with admin_consent=True and gets app-only tokens with the roles", async () => {
  const reply = await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "admin@contoso.example",
    tenant: "organizations",
  });
  assert.equal(reply.status, 302);
  assert.equal(reply.location?.searchParams.get("admin_consent"), "True");
  assert.equal(reply.location?.searchParams.get("tenant"), contoso.id);
  assert.equal(reply.location?.searchParams.get("state"), "admin-state");

  const token = await appToken(sandbox.url, app, "contoso.example");
  assert.equal(token.status, 200);
  assert.equal(token.body.token_type, "Bearer");
  assert.equal(token.body.refresh_token, undefined);
  const users = await call(`${sandbox.url}/v1.0/users/ada@contoso.example`, {
    token: token.body.access_token,
  });
  assert.equal(users.status, 200);
  assert.equal(users.body.userPrincipalName, "ada@contoso.example");
  // Users of other tenants do not exist for this token.
  const other = await call(`${sandbox.url}/v1.0/users/pra@fabrikam.example`, {
    token: token.body.access_token,
  });
  assert.equal(other.status, 404);
  assert.equal(other.body.error.code, "Request_ResourceNotFound");
});

test("the v2.0 form with scope=.default grants too and echoes the scope", async () => {
  const reply = await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "pra@fabrikam.example",
    tenant: fabrikam.id,
    v2scope: "https://graph.microsoft.com/.default",
  });
  assert.equal(reply.location?.searchParams.get("admin_consent"), "True");
  assert.equal(reply.location?.searchParams.get("tenant"), fabrikam.id);
  assert.equal(reply.location?.searchParams.get("scope"), "https://graph.microsoft.com/.default");
  assert.equal((await appToken(sandbox.url, app, fabrikam.id)).status, 200);
});

test("an admin who cancels sends the app back with access_denied and AADSTS65004", async () => {
  const reply = await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "admin@contoso.example",
    tenant: contoso.id,
    decision: "cancel",
  });
  assert.equal(reply.location?.searchParams.get("error"), "access_denied");
  assert.match(reply.location?.searchParams.get("error_description") ?? "", /^AADSTS65004/);
  assert.equal(reply.location?.searchParams.get("admin_consent"), null);
});

test("a user without an admin role is stopped at Need admin approval, with a way back", async () => {
  const reply = await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "tom@tailspin.example",
    tenant: tailspin.id,
  });
  assert.equal(reply.status, 403);
  assert.equal(reply.location, null);
  assert.match(reply.html, /Need admin approval/);
  assert.match(reply.html, /error=access_denied/);
  assert.equal((await appToken(sandbox.url, app, tailspin.id)).status, 401);
});

test("a Cloud Application Administrator may not grant Graph app roles, but may grant delegated permissions", async () => {
  const refused = await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "cloud@contoso.example",
    tenant: contoso.id,
  });
  assert.equal(refused.status, 403);
  assert.match(refused.html, /Cloud Application Administrator cannot grant/);
  const granted = await adminConsent(sandbox.url, {
    client_id: delegatedOnly.client_id,
    email: "cloud@contoso.example",
    tenant: contoso.id,
  });
  assert.equal(granted.location?.searchParams.get("admin_consent"), "True");
});

test("a user's consent alone adds the app to the tenant, but its app-only token has no roles: Graph refuses", async () => {
  await connect(sandbox.url, delegatedOnly, "tom@tailspin.example");
  const token = await appToken(sandbox.url, delegatedOnly, tailspin.id);
  assert.equal(token.status, 200);
  const users = await call(`${sandbox.url}/v1.0/users/tom@tailspin.example`, {
    token: token.body.access_token,
  });
  assert.equal(users.status, 403);
  assert.equal(users.body.error.code, "Authorization_RequestDenied");
});

test("client credentials need the .default scope and a tenant, not common", async () => {
  const scope = await tokenRequest(
    sandbox.url,
    {
      grant_type: "client_credentials",
      client_id: app.client_id,
      client_secret: app.client_secret,
      scope: "https://graph.microsoft.com/User.Read.All",
    },
    contoso.id,
  );
  assert.equal(scope.status, 400);
  assert.equal(scope.body.error, "invalid_scope");
  const common = await appToken(sandbox.url, app, "common");
  assert.equal(common.status, 400);
  assert.equal(common.body.error, "invalid_request");
});

test("an admin deletes the app in Enterprise applications: app-only tokens and users' refresh tokens stop", async () => {
  const tenant = await sandbox.tenant("northwind.example", "Northwind");
  await sandbox.user({
    email: "root@northwind.example",
    tenant_id: tenant.id,
    admin_role: "global_administrator",
  });
  await sandbox.user({ email: "nia@northwind.example", tenant_id: tenant.id });
  await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "root@northwind.example",
    tenant: tenant.id,
  });
  const userTokens = await connect(sandbox.url, app, "nia@northwind.example");
  assert.equal((await appToken(sandbox.url, app, tenant.id)).status, 200);

  const cookie = await signInCookie(sandbox.url, "root@northwind.example");
  const list = await fetch(`${sandbox.url}/enterprise-apps`, { headers: { cookie } });
  assert.match(await list.text(), /Confab/);
  const deleted = await fetch(`${sandbox.url}/enterprise-apps/${app.client_id}/delete`, {
    method: "POST",
    headers: { cookie },
    redirect: "manual",
  });
  assert.equal(deleted.status, 303);
  const after = await fetch(`${sandbox.url}${deleted.headers.get("location")}`, {
    headers: { cookie },
  });
  assert.match(await after.text(), /Confab was deleted/);

  const appOnly = await appToken(sandbox.url, app, tenant.id);
  assert.deepEqual(appOnly.body.error_codes, [7000229]);
  const refreshed = await tokenRequest(sandbox.url, {
    grant_type: "refresh_token",
    client_id: app.client_id,
    client_secret: app.client_secret,
    refresh_token: userTokens.refresh_token,
  });
  assert.deepEqual(refreshed.body.error_codes, [50173]);
});

test("Enterprise applications is for admins only", async () => {
  const cookie = await signInCookie(sandbox.url, "ada@contoso.example");
  const page = await fetch(`${sandbox.url}/enterprise-apps`, { headers: { cookie } });
  assert.equal(page.status, 403);
  const signedOut = await fetch(`${sandbox.url}/enterprise-apps`, { redirect: "manual" });
  assert.equal(signedOut.status, 303);
  assert.equal(signedOut.headers.get("location"), "/signin?next=%2Fenterprise-apps");
});

test("a user removes the app in My Apps: its refresh tokens for them are revoked", async () => {
  const tokens = await connect(sandbox.url, delegatedOnly, "ada@contoso.example");
  const cookie = await signInCookie(sandbox.url, "ada@contoso.example");
  const list = await fetch(`${sandbox.url}/myapps`, { headers: { cookie } });
  assert.match(await list.text(), /Delegated only/);
  const removed = await fetch(`${sandbox.url}/myapps/${delegatedOnly.client_id}/remove`, {
    method: "POST",
    headers: { cookie },
    redirect: "manual",
  });
  assert.equal(removed.status, 303);
  const after = await fetch(`${sandbox.url}${removed.headers.get("location")}`, {
    headers: { cookie },
  });
  assert.match(await after.text(), /Delegated only no longer has access/);
  const refreshed = await tokenRequest(sandbox.url, {
    grant_type: "refresh_token",
    client_id: delegatedOnly.client_id,
    client_secret: delegatedOnly.client_secret,
    refresh_token: tokens.refresh_token,
  });
  assert.deepEqual(refreshed.body.error_codes, [50173]);
});
