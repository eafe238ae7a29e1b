import type { FastifyInstance } from "fastify";
import {
  authorizeInOrg,
  authorizeInProgram,
  authorizeOperator,
} from "../../authorization/policy.ts";
import { DomainError } from "../../domain-error.ts";
import { type TurnOffImpact, turnOffImpact } from "../../integrations/turn-off-impact.ts";
import { listOrganizations } from "../../orgs/list-organizations.ts";
import { listMeetingModes } from "../../orgs/meeting-modes.ts";
import { loadProgram } from "../../orgs/programs.ts";
import type { ConferencingProvider } from "../../providers/provider.ts";
import { createProviders } from "../../providers/registry.ts";
import { confirmation } from "../confirm-page.ts";
import { type Html, html } from "../html.ts";
import {
  actorOfViewer,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

/** "12 upcoming Zoom meetings in Leaders keep their links", or that there are none. */
function meetingsKept(count: number, provider: string, where: string): Html {
  if (count === 0) return html`<p>There are no upcoming ${provider} meetings ${where}.</p>`;
  return html`<p data-impact-meetings="${count}"><strong>${count} upcoming ${provider}
    meeting${count === 1 ? "" : "s"} ${where} keep${count === 1 ? "s its link" : " their links"}.</strong>
    Nothing already made is deleted.</p>`;
}

/** "Leaders, Engineers and Sales", for a sentence. */
function namesOf(programs: TurnOffImpact["programs"]): string {
  const names = programs.map((p) => p.name);
  return names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/**
 * The step before each switch that turns a provider off (the operator's integrations switch, an
 * org admin's per program, a program admin's meeting mode): what it stops, counted from what is
 * there now, and that meetings already made keep their links. The switches themselves post to
 * the routes of their own pages; a confirmation posts the same form, `enabled=false`.
 */
export function turnOffPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);

  app.get("/operator/organizations/:id/integrations/disable", async (request, reply) => {
    authorizeOperator(actorOfViewer(requireViewer(request)), "organizations.set_integrations");
    const { id } = request.params as { id: string };
    const organization = (await listOrganizations(context.db)).find((o) => o.id === id);
    if (!organization) throw new DomainError("not_found", "There is no such organization.");
    if (!organization.integrationsEnabled) return reply.redirect("/operator", 303);
    const installed: Html[] = [];
    for (const provider of providers.values()) {
      const impact = await turnOffImpact(context.db, {
        organizationId: id,
        provider: provider.name,
      });
      if (!impact.installed) continue;
      const offered = impact.programs.filter((p) => p.offered);
      installed.push(html`<p>${provider.displayName} stays installed for ${organization.name} and
        keeps working: ${
          offered.length === 0
            ? "no program offers it now."
            : `members can still pick it in ${offered.length} program${offered.length === 1 ? "" : "s"} (${namesOf(offered)}).`
        }</p>
        ${meetingsKept(impact.upcomingMeetings, provider.displayName, `in ${organization.name}`)}
        <p>To stop new ${provider.displayName} meetings, an organization admin disables it for
          programs or removes it under Manage → Integrations; they cannot while integrations are
          disabled.</p>`);
    }
    return sendPage(context, request, reply, {
      title: "Disable integrations",
      main: confirmation({
        heading: `Disable integrations for ${organization.name}?`,
        consequences: html`<p>The organization admins of ${organization.name} can no longer
          install, change or remove integrations: Manage → Integrations tells them to ask you.</p>
          ${installed.length > 0 ? installed : html`<p>${organization.name} has no integration installed.</p>`}
          <p>Members can no longer host program meetings with their own connected accounts: such
            meetings keep their links but wait, unchanged, until integrations are enabled again.</p>
          <p>You can enable integrations again at any time.</p>`,
        action: `/operator/organizations/${organization.id}/integrations`,
        fields: { enabled: "false" },
        confirmLabel: "Disable integrations",
        cancelHref: "/operator",
        backLabel: "Keep integrations enabled",
        csrfToken: csrfToken(reply),
      }),
    });
  });

  for (const provider of providers.values()) disableForProgramPage(app, context, provider);

  app.get<{ Params: { programId: string; key: string } }>(
    "/o/:org/programs/:programId/settings/meeting-modes/:key/turn-off",
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const program = await loadProgram(context.db, access, request.params.programId);
      authorizeInProgram(access, "program.settings.manage", program.id);
      const back = `/o/${access.organization.slug}/programs/${program.id}/settings/permissions`;
      const provider = providers.get(request.params.key);
      const mode = (await listMeetingModes(context.db, access, program)).find(
        (m) => m.key === request.params.key && m.kind === "provider",
      );
      if (!provider || !mode) {
        throw new DomainError("not_found", "There is no such provider meeting mode here.");
      }
      if (!mode.enabled) return reply.redirect(back, 303);
      const impact = await turnOffImpact(context.db, {
        organizationId: access.organization.id,
        provider: provider.name,
        programId: program.id,
      });
      return sendPage(context, request, reply, {
        title: `Turn off ${mode.label}`,
        access,
        main: confirmation({
          heading: `Turn off ${mode.label} in ${program.name}?`,
          consequences: html`${
            impact.programs[0]?.enabled
              ? html`<p>New meetings in ${program.name} cannot use ${provider.displayName}:
                  members no longer see ${mode.label} among the meeting modes.</p>`
              : html`<p>Members of ${program.name} cannot pick ${mode.label} now anyway, as
                  ${provider.displayName} is not enabled for the program. Turned off, it stays
                  off when an organization admin enables it again.</p>`
          }
            ${meetingsKept(impact.upcomingMeetings, provider.displayName, `in ${program.name}`)}
            <p>You can turn it on again here.</p>`,
          action: `/o/${access.organization.slug}/programs/${program.id}/settings/meeting-modes/${mode.key}`,
          fields: { enabled: "false" },
          confirmLabel: `Turn off ${mode.label}`,
          cancelHref: back,
          backLabel: "Keep it on",
          csrfToken: csrfToken(reply),
        }),
      });
    },
  );
}

/** An org admin's switch for one provider in one program, confirmed before it turns off. */
function disableForProgramPage(
  app: FastifyInstance,
  context: WebContext,
  provider: ConferencingProvider,
) {
  app.get<{ Params: { programId: string } }>(
    `/o/:org/manage/integrations/${provider.name}/programs/:programId/disable`,
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      authorizeInOrg(access, "integrations.enable_program");
      const program = await loadProgram(context.db, access, request.params.programId);
      const back = `/o/${access.organization.slug}/manage/integrations`;
      const impact = await turnOffImpact(context.db, {
        organizationId: access.organization.id,
        provider: provider.name,
        programId: program.id,
      });
      const here = impact.programs[0];
      if (!here?.enabled) return reply.redirect(back, 303);
      return sendPage(context, request, reply, {
        title: `Disable ${provider.displayName} for ${program.name}`,
        access,
        manageSection: "integrations",
        main: confirmation({
          heading: `Disable ${provider.displayName} for ${program.name}?`,
          consequences: html`<p>New meetings in ${program.name} cannot use
            ${provider.displayName}${
              here.offered
                ? html`: members can no longer pick it, though its program admin has it turned on.`
                : html`. Its program admin has it turned off there now.`
            }</p>
            ${meetingsKept(impact.upcomingMeetings, provider.displayName, `in ${program.name}`)}
            <p>You can enable it again here; the program admin's own switch stays as it is.</p>`,
          action: `${back}/${provider.name}/programs/${program.id}`,
          fields: { enabled: "false" },
          confirmLabel: `Disable ${provider.displayName}`,
          cancelHref: back,
          backLabel: `Keep ${provider.displayName}`,
          csrfToken: csrfToken(reply),
        }),
      });
    },
  );
}
