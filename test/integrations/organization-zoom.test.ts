import assert from "node:assert/strict";
import { test } from "node:test";
import { openOutcomeMessage } from "../../src/connections/connection-outcome-message.ts";
import { bindingCookie, oauthRedirectUri } from "../../src/connections/oauth-binding.ts";
import { newBrowserBinding } from "../../src/connections/oauth-states.ts";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { confirmOrganizationInstall } from "../../src/integrations/confirm-organization-install.ts";
import { setIntegrationProgram } from "../../src/integrations/integration-programs.ts";
import { listOfferedMeetingModes } from "../../src/integrations/offered-meeting-modes.ts";
import { findOrganizationIntegration } from "../../src/integrations/organization-integration.ts";
import { setProgramProviderMode } from "../../src/integrations/set-program-provider-mode.ts";
import { startOrganizationInstall } from "../../src/integrations/start-organization-install.ts";
import { uninstallOrganizationIntegration } from "../../src/integrations/uninstall-organization-integration.ts";
import { commandLineActor, loadOrgAccess } from "../../src/orgs/load-org-access.ts";
import { removeMember } from "../../src/orgs/members.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { seedTenant } from "../support/tenant.ts";
import { consentAtZoom, orgApp, webhookSecret } from "../support/zoom-world.ts";

const { zoom, confab, db, vault, provider } = await startConferencingWorld();
const acme = await seedTenant(db, "Acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});
const { p1, p2 } = acme.programs;
const as = (user: { id: string }) =>
  loadOrgAccess(db, { userId: user.id, isOperator: false }, "acme");
const actor = { userId: acme.users.orgAdmin.id, label: acme.users.orgAdmin.email };
const deps = {
  db,
  vault,
  provider,
  redirectUri: oauthRedirectUri(confab.config, "zoom"),
};

/** An org admin presses Continue, a Zoom user answers Zoom's consent, confab takes the callback. */
async function install(zoomEmail: string, admin: { id: string } = acme.users.orgAdmin) {
  const binding = newBrowserBinding();
  const url = await startOrganizationInstall(deps, await as(admin), {
    binding,
    returnTo: "/o/acme/manage/integrations",
  });
  const callback = await consentAtZoom(url, zoomEmail, "Allow");
  const reply = await fetch(callback, {
    headers: { cookie: `${bindingCookie}=${binding}` },
    redirect: "manual",
  });
  return new URL(reply.headers.get("location") ?? "", confab.url).searchParams;
}

const offered = async (program = p1, user = acme.users.mentor) =>
  (await listOfferedMeetingModes(db, await as(user), program)).map((m) => m.key);

const auditActions = async () =>
  (
    await db
      .selectFrom("audit_entries")
      .select(["action", "subject_label"])
      .where("organization_id", "=", acme.organization.id)
      .orderBy("id")
      .execute()
  ).map((e) => `${e.action}: ${e.subject_label}`);

test("only an org admin may start the install, and only where the operator enabled integrations", async () => {
  const input = { binding: newBrowserBinding(), returnTo: "/" };
  for (const user of [acme.users.programAdmin, acme.users.mentor, acme.users.member]) {
    await assert.rejects(startOrganizationInstall(deps, await as(user), input), {
      kind: "forbidden",
    });
  }
  const admin = await as(acme.users.orgAdmin);
  await assert.rejects(
    startOrganizationInstall(
      deps,
      { ...admin, organization: { ...admin.organization, integrationsEnabled: false } },
      input,
    ),
    /not enabled/,
  );
});

test("a Zoom member is stopped at Zoom's consent page, and nothing is installed", async () => {
  const url = await startOrganizationInstall(deps, await as(acme.users.orgAdmin), {
    binding: newBrowserBinding(),
    returnTo: "/",
  });
  const consentPage = await (await fetch(url)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(consentPage)?.[1] ?? "";
  const form = new URLSearchParams();
  for (const [, name, value] of consentPage.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(name as string, (value as string).replaceAll("&amp;", "&"));
  }
  form.set("email", zoom.users.member);
  form.set("decision", "allow");
  const answer = await fetch(new URL(action.replaceAll("&amp;", "&"), url), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  assert.equal(answer.status, 403);
  assert.match(await answer.text(), /owner or admin/);
  assert.equal(await findOrganizationIntegration(db, acme.organization.id, "zoom"), undefined);
});

test("a free Zoom account is refused with the reason, and nothing is stored", async () => {
  const result = await install(zoom.users.basic);
  assert.equal(result.get("connection_result"), "refused");
  assert.match(
    openOutcomeMessage(vault, result.get("connection_message") ?? undefined) ?? "",
    /paid|Basic|free/i,
  );
  assert.equal(await findOrganizationIntegration(db, acme.organization.id, "zoom"), undefined);
});

test("a Zoom admin's install connects the organization's account, and Done records it once", async () => {
  const result = await install(zoom.users.admin);
  assert.equal(result.get("connection_result"), "connected");
  const integration = await findOrganizationIntegration(db, acme.organization.id, "zoom");
  assert.equal(integration?.id, result.get("connection_id"));
  assert.equal(integration?.status, "connected");
  assert.equal(integration?.email, zoom.users.admin);
  assert.equal(integration?.accountId, zoom.accounts.paid);
  const access = await as(acme.users.orgAdmin);
  for (let i = 0; i < 2; i++) {
    await confirmOrganizationInstall(db, access, {
      connectionId: integration?.id ?? "",
      providerDisplayName: "Zoom",
      actor,
    });
  }
  const installs = (await auditActions()).filter((a) => a.startsWith("integration.installed"));
  assert.deepEqual(installs, [`integration.installed: Zoom (${zoom.users.admin})`]);
});

test("Zoom video call is offered only once the org admin enabled it for the program and its program admin turned it on", async () => {
  assert.deepEqual(await offered(), ["in_person", "phone"]);
  await assert.rejects(
    setProgramProviderMode(db, await as(acme.users.programAdmin), p1, {
      provider,
      enabled: true,
      actor,
    }),
    /not enabled for Leaders/,
  );
  await setIntegrationProgram(db, await as(acme.users.orgAdmin), {
    provider,
    programId: p1.id,
    enabled: true,
    actor,
  });
  assert.deepEqual(await offered(), ["in_person", "phone"], "off until the program admin says");
  await setProgramProviderMode(db, await as(acme.users.programAdmin), p1, {
    provider,
    enabled: true,
    actor: { userId: acme.users.programAdmin.id, label: acme.users.programAdmin.email },
  });
  assert.deepEqual(await offered(), ["in_person", "phone", "zoom"]);
  assert.deepEqual(await offered(p2, acme.users.mentee), ["in_person", "phone"]);
  await assert.rejects(
    setProgramProviderMode(db, await as(acme.users.programAdmin), p2, {
      provider,
      enabled: true,
      actor,
    }),
    { kind: "forbidden" },
  );
  const log = await auditActions();
  assert.ok(log.includes("integration.program_enabled: Zoom for Leaders"), log.join("\n"));
  assert.ok(log.includes("meeting_mode.enabled: Zoom video call in Leaders"), log.join("\n"));
});

test("removing the org admin who installed Zoom leaves the integration working", async () => {
  const installer = await as(acme.users.orgAdmin);
  // A second admin first: the last one cannot be removed.
  await db
    .updateTable("memberships")
    .set({ role: "org_admin" })
    .where("user_id", "=", acme.users.member.id)
    .execute();
  await removeMember(db, await as(acme.users.member), {
    userId: installer.actor.userId,
    actor: { userId: acme.users.member.id, label: acme.users.member.email },
  });
  const integration = await findOrganizationIntegration(db, acme.organization.id, "zoom");
  assert.equal(integration?.status, "connected");
  assert.deepEqual(await offered(), ["in_person", "phone", "zoom"]);
  const meeting = await withAccessToken({ db, vault, provider }, integration?.id ?? "", (access) =>
    provider.createMeeting(
      access,
      meetingTomorrow("Made after the installer left", "(scheduled by confab, ref evt_turnover)", {
        host: zoom.users.owner,
      }),
    ),
  );
  assert.match(meeting.joinUrl, /^http/);
});

test("uninstalling from Integrations revokes the grant, deletes no meeting, and takes Zoom out of the pickers", async () => {
  const before = (await zoom.calls({ method: "DELETE" })).length;
  const outcome = await uninstallOrganizationIntegration(
    { db, vault, provider },
    await as(acme.users.member),
    { actor },
  );
  assert.equal(outcome.revokedAtProvider, true);
  assert.equal(await findOrganizationIntegration(db, acme.organization.id, "zoom"), undefined);
  assert.deepEqual(await offered(), ["in_person", "phone"]);
  const deletes = (await zoom.calls({ method: "DELETE" })).slice(before);
  assert.deepEqual(
    deletes.filter((call) => call.path.includes("/meetings/")),
    [],
  );
  assert.ok((await auditActions()).some((a) => a.startsWith("integration.uninstalled")));
});

test("installing again brings Zoom back where it was enabled; uninstalling on Zoom's side takes it away again", async () => {
  const result = await install(zoom.users.owner, acme.users.member);
  assert.equal(result.get("connection_result"), "connected");
  assert.deepEqual(await offered(), ["in_person", "phone", "zoom"]);
  await zoom.control("PATCH", `/apps/${orgApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
  const { webhook } = await zoom.control<{ webhook: { status: number } }>("POST", "/deauthorize", {
    client_id: orgApp.clientId,
    user_email: zoom.users.owner,
  });
  assert.equal(webhook.status, 200);
  assert.deepEqual(await offered(), ["in_person", "phone"]);
  assert.equal(
    (await findOrganizationIntegration(db, acme.organization.id, "zoom"))?.status,
    "broken",
  );
});
