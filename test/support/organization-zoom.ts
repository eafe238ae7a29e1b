import { bindingCookie, oauthRedirectUri } from "../../src/connections/oauth-binding.ts";
import { newBrowserBinding } from "../../src/connections/oauth-states.ts";
import { setIntegrationProgram } from "../../src/integrations/integration-programs.ts";
import { setProgramProviderMode } from "../../src/integrations/set-program-provider-mode.ts";
import { startOrganizationInstall } from "../../src/integrations/start-organization-install.ts";
import { commandLineActor, loadOrgAccess } from "../../src/orgs/load-org-access.ts";
import { assignProgramRole } from "../../src/orgs/programs.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { createProviders } from "../../src/providers/registry.ts";
import type { startConferencingWorld } from "./conferencing-world.ts";
import { seedTenant } from "./tenant.ts";
import { consentAtZoom } from "./zoom-world.ts";

type World = Awaited<ReturnType<typeof startConferencingWorld>>;

/**
 * Acme with Zoom installed by its org admin (as Acme's Zoom admin), enabled for Leaders and
 * turned on there: the mentor is a licensed user of Acme's Zoom account, the mentee an
 * unlicensed one, member@acme.example a licensed one, the program admin no Zoom user. The mentee
 * and the member are mentees in Leaders too.
 */
export async function organizationWithZoom(world: World) {
  const { zoom, confab, db, vault, provider } = world;
  const acme = await seedTenant(db, "Acme");
  const { p1 } = acme.programs;
  const { mentor, mentee, member, programAdmin, orgAdmin } = acme.users;
  const actor = { userId: orgAdmin.id, label: orgAdmin.email };
  const as = (user: { id: string }) =>
    loadOrgAccess(db, { userId: user.id, isOperator: false }, "acme");
  await setIntegrationsEnabled(db, {
    organizationId: acme.organization.id,
    enabled: true,
    actor: commandLineActor,
  });
  for (const [email, type] of [
    [mentor.email, 2],
    [mentee.email, 1],
  ] as const) {
    await zoom.control("POST", "/users", {
      email,
      account_id: zoom.accounts.paid,
      type,
      role: "member",
    });
  }
  for (const user of [mentee, member]) {
    await assignProgramRole(db, await as(orgAdmin), p1, {
      email: user.email,
      role: "mentee",
      actor,
    });
  }
  async function installZoom() {
    const binding = newBrowserBinding();
    const url = await startOrganizationInstall(
      { db, vault, provider, redirectUri: oauthRedirectUri(confab.config, "zoom") },
      await as(orgAdmin),
      { binding, returnTo: "/o/acme/manage/integrations" },
    );
    const callback = await consentAtZoom(url, zoom.users.admin, "Allow");
    await fetch(callback, {
      headers: { cookie: `${bindingCookie}=${binding}` },
      redirect: "manual",
    });
  }
  await installZoom();
  await setIntegrationProgram(db, await as(orgAdmin), {
    provider,
    programId: p1.id,
    enabled: true,
    actor,
  });
  await setProgramProviderMode(db, await as(programAdmin), p1, { provider, enabled: true, actor });

  /** The Zoom meeting with this id as the sandbox holds it. */
  const sandboxMeeting = async (id: string) =>
    (await zoom.control<Record<string, unknown>[]>("GET", "/meetings")).find(
      (m) => String(m.id) === id,
    ) as
      | {
          host_email: string;
          topic: string;
          start_time: string;
          settings: { alternative_hosts: string };
        }
      | undefined;

  return {
    acme,
    actor,
    as,
    installZoom,
    sandboxMeeting,
    deps: { db, vault, providers: createProviders(confab.config, db) },
  };
}
