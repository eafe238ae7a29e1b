import assert from "node:assert/strict";
import { test } from "node:test";
import {
  adminConsent,
  appToken,
  call,
  claimsOf,
  connect,
  startTestSandbox,
} from "./sandbox-fixture.ts";

const sandbox = await startTestSandbox();
const contoso = await sandbox.tenant("contoso.example", "Contoso");
const ada = await sandbox.user({
  email: "ada@contoso.example",
  tenant_id: contoso.id,
  display_name: "Ada Lovelace",
  given_name: "Ada",
  surname: "Lovelace",
  job_title: "Engineer",
});
await sandbox.user({
  email: "bo@contoso.example",
  tenant_id: contoso.id,
  teams_licensed: false,
  has_mailbox: false,
});
await sandbox.user({ email: "cy@contoso.example", tenant_id: contoso.id, has_mailbox: false });
await sandbox.user({
  email: "root@contoso.example",
  tenant_id: contoso.id,
  admin_role: "global_administrator",
});
const pat = await sandbox.user({
  email: "pat@outlook.example",
  account_type: "personal",
  display_name: "Pat",
});
const app = await sandbox.app({ application_permissions: ["User.Read.All"] });
const tokens = await connect(sandbox.url, app, "ada@contoso.example");
const me = (path = "/v1.0/me", token = tokens.access_token) =>
  call(`${sandbox.url}${path}`, { token });

test("GET /me returns the user's default properties and Graph's request-id", async () => {
  const reply = await me("/v1.0/me", tokens.access_token);
  assert.equal(reply.status, 200);
  assert.match(reply.headers.get("request-id") ?? "", /^[0-9a-f-]{36}$/);
  assert.equal(reply.body["@odata.context"], `${sandbox.url}/v1.0/$metadata#users/$entity`);
  assert.deepEqual(
    Object.keys(reply.body)
      .filter((key) => key !== "@odata.context")
      .sort(),
    [
      "businessPhones",
      "displayName",
      "givenName",
      "id",
      "jobTitle",
      "mail",
      "mobilePhone",
      "officeLocation",
      "preferredLanguage",
      "surname",
      "userPrincipalName",
    ],
  );
  assert.equal(reply.body.id, ada.id);
  assert.equal(reply.body.displayName, "Ada Lovelace");
  assert.equal(reply.body.userPrincipalName, "ada@contoso.example");
  assert.equal(reply.body.mail, "ada@contoso.example");
});

test("$select returns just the properties named, and an unknown one is a 400", async () => {
  const reply = await me("/v1.0/me?$select=displayName,userType,accountEnabled");
  assert.deepEqual(reply.body, {
    "@odata.context": `${sandbox.url}/v1.0/$metadata#users(displayName,userType,accountEnabled)/$entity`,
    displayName: "Ada Lovelace",
    userType: "Member",
    accountEnabled: true,
  });
  const bad = await me("/v1.0/me?$select=shoeSize");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "BadRequest");
  assert.match(bad.body.error.message, /shoeSize/);
});

test("a missing, unknown or expired token is 401 InvalidAuthenticationToken with Graph's error body", async () => {
  const none = await call(`${sandbox.url}/v1.0/me`, {
    headers: { "client-request-id": "abc-123" },
  });
  assert.equal(none.status, 401);
  assert.equal(none.body.error.code, "InvalidAuthenticationToken");
  assert.equal(none.body.error.message, "Access token is empty.");
  assert.equal(none.body.error.innerError["client-request-id"], "abc-123");
  assert.equal(none.headers.get("client-request-id"), "abc-123");
  assert.equal(none.body.error.innerError["request-id"], none.headers.get("request-id"));
  assert.match(none.body.error.innerError.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal((await me("/v1.0/me", "made-up")).status, 401);
});

test("with User.Read a user reads themselves by id or UPN, but not a colleague", async () => {
  assert.equal((await me(`/v1.0/users/${ada.id}`)).status, 200);
  assert.equal((await me("/v1.0/users/ADA@contoso.example")).body.id, ada.id);
  const colleague = await me("/v1.0/users/bo@contoso.example");
  assert.equal(colleague.status, 403);
  assert.equal(colleague.body.error.code, "Authorization_RequestDenied");
  assert.equal(colleague.body.error.message, "Insufficient privileges to complete the operation.");
});

test("a token without any user permission is refused on /me", async () => {
  const narrow = await connect(sandbox.url, app, "bo@contoso.example", {
    scope: "openid Calendars.Read",
  });
  const reply = await me("/v1.0/me", narrow.access_token);
  assert.equal(reply.status, 403);
  assert.equal(reply.body.error.code, "Authorization_RequestDenied");
});

test("an app-only token reads users with User.Read.All; /me is for delegated tokens only; unknown users are 404", async () => {
  await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "root@contoso.example",
    tenant: contoso.id,
  });
  const token = (await appToken(sandbox.url, app, contoso.id)).body.access_token;
  assert.equal(
    (await me("/v1.0/users/bo@contoso.example", token)).body.userPrincipalName,
    "bo@contoso.example",
  );
  const self = await me("/v1.0/me", token);
  assert.equal(self.status, 400);
  assert.equal(
    self.body.error.message,
    "/me request is only valid with delegated authentication flow.",
  );
  const missing = await me("/v1.0/users/nobody@contoso.example", token);
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.code, "Request_ResourceNotFound");
});

test("licenseDetails tells a Teams-licensed user apart by the TEAMS1 and EXCHANGE_S_STANDARD plans", async () => {
  await adminConsent(sandbox.url, {
    client_id: app.client_id,
    email: "root@contoso.example",
    tenant: contoso.id,
  });
  const token = (await appToken(sandbox.url, app, contoso.id)).body.access_token;
  const licensed = await me("/v1.0/me/licenseDetails");
  assert.equal(licensed.status, 200);
  const [sku] = licensed.body.value;
  assert.equal(sku.skuPartNumber, "O365_BUSINESS_ESSENTIALS");
  const plans = Object.fromEntries(
    sku.servicePlans.map((plan: { servicePlanName: string; provisioningStatus: string }) => [
      plan.servicePlanName,
      plan.provisioningStatus,
    ]),
  );
  assert.deepEqual(plans, { TEAMS1: "Success", EXCHANGE_S_STANDARD: "Success" });

  const noMailbox = await me("/v1.0/users/cy@contoso.example/licenseDetails", token);
  const cyPlans = noMailbox.body.value[0].servicePlans.map(
    (plan: { servicePlanName: string; provisioningStatus: string }) =>
      `${plan.servicePlanName}:${plan.provisioningStatus}`,
  );
  assert.deepEqual(cyPlans, ["TEAMS1:Success", "EXCHANGE_S_STANDARD:Disabled"]);
  const unlicensed = await me("/v1.0/users/bo@contoso.example/licenseDetails", token);
  assert.deepEqual(unlicensed.body.value, []);
});

test("a personal account's /me has the MSA shape: a 16-hex-digit id, and its oid claim behind zeros", async () => {
  const personal = await connect(sandbox.url, app, "pat@outlook.example");
  const reply = await me("/v1.0/me", personal.access_token);
  assert.equal(reply.status, 200);
  assert.match(reply.body.id, /^[0-9a-f]{16}$/);
  assert.equal(reply.body.id, pat.id);
  assert.equal(reply.body.userPrincipalName, "pat@outlook.example");
  assert.equal(reply.body.displayName, "Pat");
  assert.equal(
    claimsOf(personal.id_token).oid,
    `00000000-0000-0000-${pat.id.slice(0, 4)}-${pat.id.slice(4)}`,
  );
  const nobodyElse = await me("/v1.0/users/ada@contoso.example", personal.access_token);
  assert.equal(nobodyElse.status, 404);
});

test("an unknown Graph path is Graph's BadRequest, not the framework's", async () => {
  const reply = await me("/v1.0/me/nonsense/things");
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error.code, "BadRequest");
});
