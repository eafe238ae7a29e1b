import { commandLineActor, loadOrgAccess } from "../../src/orgs/load-org-access.ts";
import { assignProgramRole } from "../../src/orgs/programs.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import type { startConferencingWorld } from "./conferencing-world.ts";
import { password, seedTenant } from "./tenant.ts";
import { webClient } from "./web-client.ts";

/**
 * Acme with integrations enabled by the operator and no Zoom install, a mentee in Leaders beside
 * its mentor, and the mentor's own paid Zoom account (apart from any the organization has)
 * connected under Your account; the mentor and the program admin signed in to the pages.
 */
export async function ownZoomProgram(world: Awaited<ReturnType<typeof startConferencingWorld>>) {
  const { confab, db, zoom, linkZoom } = world;
  const acme = await seedTenant(db, "Acme");
  const { p1 } = acme.programs;
  const { mentor, mentee, orgAdmin, programAdmin } = acme.users;
  const integrations = (enabled: boolean) =>
    setIntegrationsEnabled(db, {
      organizationId: acme.organization.id,
      enabled,
      actor: commandLineActor,
    });
  // Own-Zoom hosting is an integration: only where the operator enabled them.
  await integrations(true);
  const as = (user: { id: string }) =>
    loadOrgAccess(db, { userId: user.id, isOperator: false }, "acme");
  await assignProgramRole(db, await as(orgAdmin), p1, {
    email: mentee.email,
    role: "mentee",
    actor: { userId: orgAdmin.id, label: orgAdmin.email },
  });

  const ownZoom = "ada.own@zoom-mentor.example";
  const ownAccount = await zoom.control<{ id: string }>("POST", "/accounts", { plan: "pro" });
  await zoom.control("POST", "/users", {
    email: ownZoom,
    account_id: ownAccount.id,
    type: 2,
    role: "owner",
  });
  const profileId = await linkZoom(mentor.id, ownZoom);

  const app = confab.app as NonNullable<typeof confab.app>;
  const asMentor = webClient(app);
  await asMentor.signIn(mentor.email, password);
  const asAdmin = webClient(app);
  await asAdmin.signIn(programAdmin.email, password);

  const base = `/o/acme/programs/${p1.id}`;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  /** The New meeting form's fields for a meeting in the mentor's own Zoom. */
  const meetingFields = (over: Record<string, string> = {}) => ({
    title: "Mentoring session",
    description: "",
    date: tomorrow,
    time: "10:00",
    duration: "45",
    timeZone: "Europe/Paris",
    invitees: mentee.id,
    mode: "own:zoom",
    ...over,
  });
  /** The meetings created at Zoom so far, by the sandbox's call log. */
  const creates = async () =>
    (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings")).length;
  const inSandbox = async (id: string) =>
    (await zoom.control<Record<string, unknown>[]>("GET", "/meetings")).find(
      (m) => String(m.id) === id,
    ) as { host_email: string; topic: string } | undefined;
  return {
    acme,
    p1,
    as,
    integrations,
    ownZoom,
    profileId,
    app,
    asMentor,
    asAdmin,
    base,
    tomorrow,
    meetingFields,
    creates,
    inSandbox,
  };
}
