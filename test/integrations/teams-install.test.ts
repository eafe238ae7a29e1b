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
import { consentAtMicrosoft, teamsOrgApp, teamsOrgEnv } from "../support/microsoft-world.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Microsoft Teams installed once for the whole organization through the pages: the org admin
 * presses Install and Continue, a tenant admin answers Microsoft's admin consent page, and the
 * browser comes back to Manage → Integrations. Against the Microsoft sandbox, over HTTP.
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

/** Install, then Continue: the browser is sent to Microsoft's admin consent. */
async function continueToMicrosoft() {
  const dialog = await admin.get(`${integrations}/ms_teams/install`);
  assert.equal(dialog.status, 200);
  const toMicrosoft = await admin.post(`${integrations}/ms_teams/install`);
  assert.equal(toMicrosoft.status, 303);
  return new URL(toMicrosoft.location ?? "");
}

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

test("a tenant member without an admin role is stopped at Microsoft, comes back to a page that says only a Global Administrator or Privileged Role Administrator can install it, and nothing is installed", async () => {
  const consentUrl = await continueToMicrosoft();
  assert.match(consentUrl.pathname, /^\/organizations\/v2\.0\/adminconsent$/);
  assert.equal(consentUrl.searchParams.get("client_id"), teamsOrgApp.clientId);
  assert.equal(consentUrl.searchParams.get("scope"), "https://graph.microsoft.com/.default");

  const consentPage = await (await fetch(consentUrl)).text();
  const form = new URLSearchParams();
  for (const [, name, value] of consentPage.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(fromHtml(name as string), fromHtml(value as string));
  }
  form.set("email", microsoft.users.member);
  form.set("decision", "accept");
  const action = /<form method="post" action="([^"]+)"/.exec(consentPage)?.[1] ?? "";
  const refusal = await fetch(new URL(fromHtml(action), consentUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  assert.equal(refusal.status, 403);
  const page = await refusal.text();
  assert.match(page, /Need admin approval/);
  const href = /<a class="button" href="([^"]+)">/.exec(page)?.[1];
  assert.ok(href, "Microsoft's refusal offers the way back to the app");

  const landed = await backAtConfab(new URL(fromHtml(href)));
  assert.equal(landed.status, 200);
  assert.match(landed.body, /<title>[^<]*Integrations/);
  assert.match(
    textOf(landed.body),
    /Nothing was installed: only a Global Administrator or Privileged Role Administrator of your organization's Microsoft 365 tenant can install Microsoft Teams for everyone.*Ask one of them/,
  );
  assert.equal(await installed(), undefined);
  const consents = await microsoft.control<{ enterprise_apps: unknown[] }>("GET", "/consents");
  assert.deepEqual(consents.enterprise_apps, []);
});

test("the org admin installs Teams by consenting as the tenant's Global Administrator, and Done records it once", async () => {
  const consentUrl = await continueToMicrosoft();
  const callback = await consentAtMicrosoft(consentUrl, microsoft.users.admin, "Accept");
  assert.equal(callback.searchParams.get("admin_consent"), "True");
  const landed = await backAtConfab(callback);
  assert.equal(landed.status, 200);
  const integration = await installed();
  assert.equal(integration?.status, "connected");
  assert.equal(integration?.accountId, microsoft.tenantId);
  assert.match(landed.body, /Microsoft Teams is connected/);
  assert.match(landed.body, new RegExp(`name="connection_id" value="${integration?.id}"`));

  // The tokens are app-only: got by client credentials for the tenant that consented.
  const tokenCalls = await microsoft.calls({ method: "POST", client_id: teamsOrgApp.clientId });
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
  assert.match(recorded[0]?.subject_label ?? "", /^Microsoft Teams \(/);
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
  const callback = await consentAtMicrosoft(
    await continueToMicrosoft(),
    microsoft.users.admin,
    "Accept",
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
