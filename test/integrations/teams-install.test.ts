import assert from "node:assert/strict";
import { test } from "node:test";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { listOfferedMeetingModes } from "../../src/integrations/offered-meeting-modes.ts";
import { findOrganizationIntegration } from "../../src/integrations/organization-integration.ts";
import { commandLineActor, loadOrgAccess } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import type { ConferencingProvider } from "../../src/providers/provider.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import {
  consentAtMicrosoft,
  installAtMicrosoft,
  teamsOrgApp,
  teamsOrgEnv,
} from "../support/microsoft-world.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Microsoft Teams installed once for the whole organization through the pages: the org admin
 * presses Install and Continue, a tenant admin signs in at Microsoft, confab sends them on to
 * their own tenant's admin consent page, and the browser comes back to Manage → Integrations.
 * Against the Microsoft sandbox, over HTTP.
 */
const world = await startConferencingWorld(teamsOrgEnv, { microsoft: true });
const { confab, db, vault } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const teams = createProviders(confab.config, db).get("ms_teams") as ConferencingProvider;
const acme = await seedTenant(db, "Acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});
const { p1 } = acme.programs;
const integrations = "/o/acme/manage/integrations";
const as = (user: { id: string }) =>
  loadOrgAccess(db, { userId: user.id, isOperator: false }, "acme");
const fromHtml = (text: string) =>
  text.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#39;", "'");
const textOf = (body: string) =>
  fromHtml(body)
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

const admin = webClient(confab.app as NonNullable<typeof confab.app>);
await admin.signIn(acme.users.orgAdmin.email, password);
const programAdmin = webClient(confab.app as NonNullable<typeof confab.app>);
await programAdmin.signIn(acme.users.programAdmin.email, password);
await seedOperator(db);
const operator = webClient(confab.app as NonNullable<typeof confab.app>);
await operator.signIn("operator@confab.example", password);

/** Install, then Continue: the browser is sent to sign in at Microsoft. */
async function continueToMicrosoft(client = admin, at = integrations) {
  const dialog = await client.get(`${at}/ms_teams/install`);
  assert.equal(dialog.status, 200);
  const toMicrosoft = await client.post(`${at}/ms_teams/install`);
  assert.equal(toMicrosoft.status, 303);
  return new URL(toMicrosoft.location ?? "");
}

/** Opens a callback from Microsoft in a browser: where confab sends it next. */
const atConfab =
  (client = admin) =>
  async (callback: URL) =>
    (await client.get(`${callback.pathname}${callback.search}`)).location;

/** Follows confab's redirects from where Microsoft sent the browser, to the page they end on. */
async function backAtConfab(fromMicrosoft: URL) {
  let reply = await admin.get(`${fromMicrosoft.pathname}${fromMicrosoft.search}`);
  for (let hops = 0; reply.status === 303 && hops < 5; hops++) {
    const next = new URL(reply.location ?? "", confab.url);
    reply = await admin.get(`${next.pathname}${next.search}`);
  }
  return reply;
}

const installed = () => findOrganizationIntegration(db, acme.organization.id, "ms_teams");
const offered = async () =>
  (await listOfferedMeetingModes(db, await as(acme.users.mentor), p1)).map((m) => m.key);

/** Bravo: another confab organization, whose admin is the Global Administrator of their own tenant. */
const bravo = await seedTenant(db, "Bravo");
await setIntegrationsEnabled(db, {
  organizationId: bravo.organization.id,
  enabled: true,
  actor: commandLineActor,
});
const bravoTenant = await microsoft.control<{ id: string }>("POST", "/tenants", {
  display_name: "Bravo",
  domain: "bravo.example",
});
const bravoGlobalAdmin = "admin@bravo.example";
await microsoft.control("POST", "/users", {
  email: bravoGlobalAdmin,
  account_type: "work",
  tenant_id: bravoTenant.id,
  admin_role: "global_administrator",
});
const bravoAdmin = webClient(confab.app as NonNullable<typeof confab.app>);
await bravoAdmin.signIn(bravo.users.orgAdmin.email, password);
const bravoIntegrations = "/o/bravo/manage/integrations";
const bravoInstalled = () => findOrganizationIntegration(db, bravo.organization.id, "ms_teams");
const acmeAppTokenCalls = async () =>
  (await microsoft.calls({ method: "POST", path: `/${microsoft.tenantId}/oauth2/v2.0/token` }))
    .length;

test("Manage → Integrations offers Microsoft Teams beside Zoom, and its dialog says which application permissions are asked, why, and that only a tenant admin can approve", async () => {
  const page = await admin.get(integrations);
  assert.match(page.body, /data-integration="zoom"/);
  assert.match(page.body, /data-integration="ms_teams"/);
  assert.match(page.body, new RegExp(`href="${integrations}/ms_teams/install">Install</a>`));

  const dialog = textOf((await admin.get(`${integrations}/ms_teams/install`)).body);
  assert.match(dialog, /Install Microsoft Teams for Acme/);
  assert.match(dialog, /Global Administrator or Privileged Role Administrator/);
  assert.match(dialog, /create, move and delete the Microsoft Teams meetings confab makes/i);
  assert.match(dialog, /Outlook calendar of the member who hosts it.*\(Calendars\.ReadWrite/);
  assert.match(dialog, /Teams licence.*\(User\.Read\.All/);
  assert.match(dialog, /confab will never/);
  assert.match(dialog, /co-organizers/);
  assert.match(dialog, /Permissions asked of Microsoft Teams Calendars\.ReadWrite User\.Read\.All/);
});

test("a tenant member without an admin role signs in at Microsoft and is told by confab that only a Global Administrator or Privileged Role Administrator can install it; nothing is installed and admin consent is never offered", async () => {
  const signInUrl = await continueToMicrosoft();
  assert.match(signInUrl.pathname, /^\/organizations\/oauth2\/v2\.0\/authorize$/);
  assert.equal(signInUrl.searchParams.get("client_id"), teamsOrgApp.clientId);
  assert.equal(signInUrl.searchParams.get("scope"), "openid profile");
  assert.equal(signInUrl.searchParams.get("response_type"), "code");
  assert.equal(signInUrl.searchParams.get("code_challenge_method"), "S256");
  assert.ok(signInUrl.searchParams.get("nonce"));
  assert.ok(signInUrl.searchParams.get("state"));

  const callback = await consentAtMicrosoft(signInUrl, microsoft.users.member, "Accept");
  assert.ok(callback.searchParams.get("code"), "the member signs in at Microsoft");
  const landed = await backAtConfab(callback);
  assert.equal(landed.status, 200);
  assert.match(landed.body, /<title>[^<]*Integrations/);
  assert.match(
    textOf(landed.body),
    /Nothing was installed: only a Global Administrator or Privileged Role Administrator of your organization's Microsoft 365 tenant can install Microsoft Teams for everyone, and member@acme\.example is not one\. Ask one of them/,
  );
  assert.equal(await installed(), undefined);
  const consents = await microsoft.control<{ enterprise_apps: { app_roles: string[] }[] }>(
    "GET",
    "/consents",
  );
  assert.ok(consents.enterprise_apps.every((app) => app.app_roles.length === 0));
  assert.deepEqual(
    (await microsoft.calls()).filter((c) => c.path.includes("adminconsent")),
    [],
  );
  const appTokens = await microsoft.calls({
    method: "POST",
    path: `/${microsoft.tenantId}/oauth2/v2.0/token`,
  });
  assert.deepEqual(appTokens, [], "no app-only token is asked for");
});

test("the org admin installs Teams as the tenant's Global Administrator, signing in and then consenting for their own tenant, and Done records who consented, once", async () => {
  const signInUrl = await continueToMicrosoft();
  const { callback, consentUrl } = await installAtMicrosoft(
    signInUrl,
    microsoft.users.admin,
    atConfab(),
  );
  assert.equal(consentUrl.pathname, `/${microsoft.tenantId}/v2.0/adminconsent`);
  assert.equal(consentUrl.searchParams.get("client_id"), teamsOrgApp.clientId);
  assert.equal(consentUrl.searchParams.get("scope"), "https://graph.microsoft.com/.default");
  assert.ok(consentUrl.searchParams.get("state"));
  assert.notEqual(consentUrl.searchParams.get("state"), signInUrl.searchParams.get("state"));
  assert.equal(callback.searchParams.get("admin_consent"), "True");
  const landed = await backAtConfab(callback);
  assert.equal(landed.status, 200);
  const integration = await installed();
  assert.equal(integration?.status, "connected");
  assert.equal(integration?.accountId, microsoft.tenantId);
  assert.equal(integration?.email, microsoft.users.admin);
  assert.match(landed.body, /Microsoft Teams is connected/);
  assert.match(landed.body, new RegExp(`name="connection_id" value="${integration?.id}"`));
  const connection = await db
    .selectFrom("provider_connections")
    .select("external_user_id")
    .where("id", "=", integration?.id ?? "")
    .executeTakeFirstOrThrow();
  assert.equal(connection.external_user_id, await microsoft.userId(microsoft.users.admin));

  // The sign-in's code was exchanged on `organizations`; the tokens are app-only, got by client
  // credentials for the tenant that consented.
  const tokenCalls = await microsoft.calls({ method: "POST", client_id: teamsOrgApp.clientId });
  assert.ok(
    tokenCalls.some((c) => c.path === "/organizations/oauth2/v2.0/token" && c.status === 200),
  );
  assert.ok(
    tokenCalls.some(
      (c) => c.path === `/${microsoft.tenantId}/oauth2/v2.0/token` && c.status === 200,
    ),
  );

  for (let i = 0; i < 2; i++) {
    const done = await admin.post(`${integrations}/ms_teams/done`, {
      connection_id: integration?.id ?? "",
    });
    assert.equal(done.status, 200);
    assert.match(done.body, /Microsoft Teams is installed for Acme/);
  }
  const recorded = await db
    .selectFrom("audit_entries")
    .select("subject_label")
    .where("organization_id", "=", acme.organization.id)
    .where("action", "=", "integration.installed")
    .execute();
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]?.subject_label, `Microsoft Teams (${microsoft.users.admin})`);
  const card = textOf((await admin.get(integrations)).body);
  assert.match(card, /Microsoft Teams Installed/);
  assert.match(card, /Microsoft 365 tenant id [0-9a-f-]{36}/);
});

test("the org admin enables Teams for a program, and its program admin turns on its meeting mode", async () => {
  assert.deepEqual(await offered(), ["in_person", "phone"]);
  const enabled = await admin.post(`${integrations}/ms_teams/programs/${p1.id}`, {
    enabled: "true",
  });
  assert.equal(enabled.status, 303);
  assert.match(
    (await admin.get(enabled.location ?? "")).body,
    /role="status">Microsoft Teams is enabled for Leaders\. Its program admin now turns on Microsoft Teams video call/,
  );
  await programAdmin.get(`/o/acme/programs/${p1.id}/settings/permissions`);
  const on = await programAdmin.post(`/o/acme/programs/${p1.id}/settings/meeting-modes/ms_teams`, {
    enabled: "true",
  });
  assert.equal(on.status, 303);
  assert.deepEqual(await offered(), ["in_person", "phone", "ms_teams"]);

  const asked = textOf(
    (await admin.get(`${integrations}/ms_teams/programs/${p1.id}/disable`)).body,
  );
  assert.match(asked, /Disable Microsoft Teams for Leaders\?/);
  assert.match(asked, /There are no upcoming Microsoft Teams meetings in Leaders/);

  const operatorAsked = textOf(
    (await operator.get(`/operator/organizations/${acme.organization.id}/integrations/disable`))
      .body,
  );
  assert.match(
    operatorAsked,
    /Microsoft Teams stays installed for Acme and keeps working: members can still pick it in 1 program \(Leaders\)\./,
  );
});

test("deleting confab's enterprise application in Microsoft Entra breaks the install at the next token renewal, and the page says so", async () => {
  const integration = await installed();
  await microsoft.control(
    "DELETE",
    `/tenants/${microsoft.tenantId}/enterprise-apps/${teamsOrgApp.clientId}`,
  );
  // The app-only token confab holds runs out: the next call renews it by client credentials.
  await microsoft.control("POST", "/clock", { advance_seconds: 3700 });
  await assert.rejects(
    withAccessToken({ db, vault, provider: teams }, integration?.id ?? "", (access) =>
      teams.findUser(access, microsoft.users.member),
    ),
    { kind: "connection_revoked" },
  );
  const renewals = await microsoft.calls({
    method: "POST",
    path: `/${microsoft.tenantId}/oauth2/v2.0/token`,
  });
  assert.equal(renewals.at(-1)?.status, 401);
  assert.equal((await installed())?.status, "broken");
  assert.deepEqual(await offered(), ["in_person", "phone"]);

  const card = textOf((await admin.get(integrations)).body);
  assert.match(card, /Microsoft Teams Disconnected/);
  assert.match(card, /Microsoft no longer lets confab into the Microsoft 365 tenant/);
  assert.match(card, /Install again/);
});

test("installing again mends it; removing it from confab keeps every meeting and tells the admin to delete the enterprise application in Microsoft Entra too", async () => {
  const { callback } = await installAtMicrosoft(
    await continueToMicrosoft(),
    microsoft.users.admin,
    atConfab(),
  );
  await backAtConfab(callback);
  assert.equal((await installed())?.status, "connected");
  assert.deepEqual(await offered(), ["in_person", "phone", "ms_teams"]);

  const asked = textOf((await admin.get(`${integrations}/ms_teams/remove`)).body);
  assert.match(asked, /Remove Microsoft Teams from Acme\?/);
  assert.match(asked, /No existing Microsoft Teams meetings will be deleted/);
  assert.match(asked, /Enterprise applications → confab → Properties → Delete/);
  const deletesBefore = (await microsoft.calls({ method: "DELETE" })).length;
  const removed = await admin.post(`${integrations}/ms_teams/remove`);
  assert.equal(removed.status, 303);
  const notice = textOf((await admin.get(removed.location ?? "")).body);
  assert.match(
    notice,
    /Microsoft Teams is removed from the organization\. No existing Microsoft Teams meetings were deleted\./,
  );
  assert.match(notice, /confab cannot withdraw a tenant's admin consent itself/);
  assert.equal(await installed(), undefined);
  assert.deepEqual(await offered(), ["in_person", "phone"]);
  assert.equal((await microsoft.calls({ method: "DELETE" })).length, deletesBefore);
  const log = await db
    .selectFrom("audit_entries")
    .select("action")
    .where("organization_id", "=", acme.organization.id)
    .where("action", "=", "integration.uninstalled")
    .execute();
  assert.equal(log.length, 1);
});

test("an admin who signed in for their own tenant and sends back an approval naming another tenant that consented to confab is refused with a 400, nothing is installed, and no token is asked for that tenant", async () => {
  const acmeConsent = await microsoft.control<{
    enterprise_apps: { tenant_id: string; app_roles: string[] }[];
  }>("GET", "/consents");
  assert.ok(
    acmeConsent.enterprise_apps.some(
      (app) => app.tenant_id === microsoft.tenantId && app.app_roles.length > 0,
    ),
    "Acme's tenant has consented to confab",
  );
  const signInUrl = await continueToMicrosoft(bravoAdmin, bravoIntegrations);
  const signedIn = await consentAtMicrosoft(signInUrl, bravoGlobalAdmin, "Accept");
  const next = await atConfab(bravoAdmin)(signedIn);
  const consentUrl = new URL(next ?? "");
  assert.equal(consentUrl.pathname, `/${bravoTenant.id}/v2.0/adminconsent`);
  const state = consentUrl.searchParams.get("state") ?? "";

  const tokensBefore = await acmeAppTokenCalls();
  const forged = await bravoAdmin.get(
    `/oauth/ms_teams/callback?${new URLSearchParams({ admin_consent: "True", tenant: microsoft.tenantId, state })}`,
  );
  assert.equal(forged.status, 400);
  assert.match(
    textOf(forged.body),
    /This approval names another Microsoft 365 tenant than the one you signed in to at Microsoft, so nothing was installed/,
  );
  assert.equal(await bravoInstalled(), undefined);
  assert.equal(await acmeAppTokenCalls(), tokensBefore);

  // Its state was spent by the forgery: the same state cannot be used again, even for Bravo.
  const again = await bravoAdmin.get(
    `/oauth/ms_teams/callback?${new URLSearchParams({ admin_consent: "True", tenant: bravoTenant.id, state })}`,
  );
  assert.equal(again.status, 400);
  assert.match(textOf(again.body), /already been used or was never started here/);
  assert.equal(await bravoInstalled(), undefined);
});

test("an approval sent back under the state of the sign-in, without signing in first, is refused with a 400 and nothing is installed", async () => {
  const signInUrl = await continueToMicrosoft(bravoAdmin, bravoIntegrations);
  const tokensBefore = await acmeAppTokenCalls();
  const skipped = await bravoAdmin.get(
    `/oauth/ms_teams/callback?${new URLSearchParams({
      admin_consent: "True",
      tenant: microsoft.tenantId,
      state: signInUrl.searchParams.get("state") ?? "",
    })}`,
  );
  assert.equal(skipped.status, 400);
  assert.match(textOf(skipped.body), /confab had not sent anyone to approve it yet/);
  assert.equal(await bravoInstalled(), undefined);
  assert.equal(await acmeAppTokenCalls(), tokensBefore);
});

test("a completed approval replayed from another browser is refused with a 400 and installs nothing more", async () => {
  const { callback } = await installAtMicrosoft(
    await continueToMicrosoft(),
    microsoft.users.admin,
    atConfab(),
  );
  await backAtConfab(callback);
  assert.equal((await installed())?.status, "connected");
  const tokensBefore = await acmeAppTokenCalls();
  const replay = await bravoAdmin.get(`${callback.pathname}${callback.search}`);
  assert.equal(replay.status, 400);
  assert.match(textOf(replay.body), /already been used or was never started here/);
  assert.equal(await bravoInstalled(), undefined);
  assert.equal(await acmeAppTokenCalls(), tokensBefore);
});
