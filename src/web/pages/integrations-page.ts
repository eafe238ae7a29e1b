import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { authorizeInOrg, type OrgAccess } from "../../authorization/policy.ts";
import { openOutcomeMessage } from "../../connections/connection-outcome-message.ts";
import { DomainError } from "../../domain-error.ts";
import { confirmOrganizationInstall } from "../../integrations/confirm-organization-install.ts";
import { setHostAccount } from "../../integrations/host-account.ts";
import {
  type IntegrationProgram,
  listIntegrationPrograms,
  setIntegrationProgram,
} from "../../integrations/integration-programs.ts";
import {
  findOrganizationIntegration,
  type OrganizationIntegration,
} from "../../integrations/organization-integration.ts";
import { listOperatorEmails } from "../../orgs/list-organizations.ts";
import type { ConferencingProvider } from "../../providers/provider.ts";
import { createProviders } from "../../providers/registry.ts";
import { csrfInput, field, formAlert, notice, postButton, textOf } from "../forms.ts";
import { supportChannels } from "../help-links.ts";
import { type Html, html } from "../html.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

interface State {
  status?: number;
  hostAccountError?: string;
  hostAccountValue?: string;
  done?: string;
  error?: string;
  /** Back from the provider's consent with a new install: the *Done* step (F7). */
  installed?: OrganizationIntegration;
}

/**
 * Manage → Integrations: Zoom installed once for the whole organization (F7), the programs it
 * may be used in (F8), and its removal (F11, see organization-install-pages.ts).
 */
export function integrationsPage(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const zoom = providers.get("zoom") as ConferencingProvider;
  const base = (access: OrgAccess) => `/o/${access.organization.slug}/manage/integrations`;

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    state: State = {},
  ) => {
    authorizeInOrg(access, "integrations.view");
    let body: Html;
    if (access.organization.integrationsEnabled) {
      const integration = await findOrganizationIntegration(
        context.db,
        access.organization.id,
        zoom.name,
      );
      const programs = integration
        ? await listIntegrationPrograms(context.db, access, zoom.name)
        : [];
      body = html`${notice(state.done)}${formAlert(state.error)}
        ${state.installed ? doneStep(access, state.installed, csrfToken(reply)) : ""}
        <p class="lead">Install a conferencing service once for everyone in
          ${access.organization.name}; then enable it for the programs that should offer it.
          Nobody else needs to connect or sign in to it.</p>
        <ul class="card-list">
          ${zoomCard(access, integration)}
        </ul>
        ${integration ? programsPanel(access, programs, csrfToken(reply)) : ""}
        ${integration?.status === "connected" ? hostAccountPanel(access, integration, csrfToken(reply), state) : ""}`;
    } else {
      const operators = await listOperatorEmails(context.db);
      const support = supportChannels(context.config.support);
      body = html`<div class="empty-state">
        <p><strong>Integrations are not enabled for ${access.organization.name}.</strong></p>
        <p>Ask your confab operator to enable them${
          operators.length > 0
            ? html`: ${operators.map((email, i) => html`${i > 0 ? ", " : ""}<a href="mailto:${email}">${email}</a>`)}`
            : ""
        }.</p>
        ${support ? html`<p>Or reach them through ${support}.</p>` : ""}
      </div>`;
    }
    return sendPage(context, request, reply, {
      title: "Integrations",
      access,
      status: state.status,
      manageSection: "integrations",
      main: html`<h1>Integrations</h1>${body}`,
    });
  };

  const zoomCard = (access: OrgAccess, integration: OrganizationIntegration | undefined): Html => {
    if (!zoom.supports("organization")) {
      return html`<li class="card" data-integration="zoom"><h2 class="card-title">Zoom</h2>
        <p class="muted">Zoom for organizations is not set up on this confab instance; ask its
          operator.</p></li>`;
    }
    if (!integration) {
      return html`<li class="card" data-integration="zoom">
        <h2 class="card-title">Zoom <span class="badge badge-off">Not installed</span></h2>
        <p>Members schedule Zoom meetings in the organization's Zoom account; the person who
          schedules is the host. Needs a Zoom owner or admin of a paid Zoom account to install.</p>
        <p><a class="button button-primary" href="${base(access)}/zoom/install">Install</a></p>
      </li>`;
    }
    const connected = integration.status === "connected";
    return html`<li class="card" data-integration="zoom">
      <h2 class="card-title">Zoom
        ${connected ? html`<span class="badge badge-on">Installed</span>` : html`<span class="badge badge-off">Disconnected</span>`}</h2>
      ${connected ? "" : html`<p>${integration.statusReason ?? ""}</p>`}
      <p>Installed by ${integration.email} on ${integration.installedAt.toISOString().slice(0, 10)}:
        meetings are made in the Zoom account that ${integration.email} belongs to. It keeps
        working if that person leaves the organization.</p>
      <p class="muted small">Zoom account id ${integration.accountId}</p>
      <div class="button-row">
        ${connected ? "" : html`<a class="button button-primary" href="${base(access)}/zoom/install">Install again</a>`}
        <a class="button button-danger-quiet" href="${base(access)}/zoom/remove">Remove Zoom</a>
      </div>
    </li>`;
  };

  const programsPanel = (access: OrgAccess, programs: IntegrationProgram[], token: string) =>
    html`<section class="panel" aria-labelledby="programs-heading">
      <h2 id="programs-heading">Programs that may use Zoom</h2>
      <p class="muted">In each program you enable, its program admin then turns on
        <em>Zoom video call</em> under Program settings → Permissions.</p>
      ${
        programs.length === 0
          ? html`<p>There are no programs yet.</p>`
          : html`<ul class="toggle-list">${programs.map(
              (program) => html`<li data-program="${program.id}">
                <span class="toggle-name">${program.name}</span>
                <span class="badge ${program.enabled ? "badge-on" : "badge-off"}">${program.enabled ? "Enabled" : "Not enabled"}</span>
                ${program.enabled ? html`<span class="muted">Zoom video call ${program.modeOn ? "on" : "off"} in the program</span>` : ""}
                ${
                  program.enabled
                    ? html`<a class="button button-quiet" href="${base(access)}/zoom/programs/${program.id}/disable">Disable<span class="visually-hidden"> Zoom for ${program.name}</span></a>`
                    : postButton({
                        action: `${base(access)}/zoom/programs/${program.id}`,
                        label: "Enable",
                        accessibleLabel: `Enable Zoom for ${program.name}`,
                        csrfToken: token,
                        fields: { enabled: "true" },
                      })
                }
              </li>`,
            )}</ul>`
      }
    </section>`;

  const hostAccountPanel = (
    access: OrgAccess,
    integration: OrganizationIntegration,
    token: string,
    state: State,
  ) =>
    html`<section class="panel" aria-labelledby="host-account-heading">
      <h2 id="host-account-heading">Host account</h2>
      <p class="muted">Programs whose rule says so (Program settings → Permissions → Who hosts
        when the creator cannot) have their Zoom meetings hosted by this licensed user of the
        organization's Zoom account when the member who books cannot host, e.g. a mentee
        without a licence. Licensed invitees become alternative hosts.</p>
      <p>${integration.hostAccountEmail ? html`Host account: <strong data-host-account>${integration.hostAccountEmail}</strong>` : "No host account is named: programs with that rule cannot offer Zoom to members who cannot host."}</p>
      <form method="post" action="${base(access)}/zoom/host-account" class="form-row" novalidate>
        ${csrfInput(token)}
        ${field({
          label: "Email of a licensed Zoom user",
          name: "hostAccount",
          value: state.hostAccountValue ?? integration.hostAccountEmail ?? "",
          errors: state.hostAccountError ? { hostAccount: state.hostAccountError } : {},
          hint: "Leave empty to name none.",
        })}
        <button type="submit" class="button button-quiet">Save host account</button>
      </form>
    </section>`;

  const doneStep = (access: OrgAccess, installed: OrganizationIntegration, token: string) =>
    html`<section class="panel narrow" aria-labelledby="done-heading">
      <h2 id="done-heading">Zoom is connected</h2>
      <p>${access.organization.name} now makes its Zoom meetings in the Zoom account of
        ${installed.email}${installed.displayName ? ` (${installed.displayName})` : ""}.</p>
      <form method="post" action="${base(access)}/zoom/done" class="button-row">
        ${csrfInput(token)}
        <input type="hidden" name="connection_id" value="${installed.id}">
        <button type="submit" class="button button-primary">Done</button>
      </form>
    </section>`;

  // After the per-program switch: the program's name and mode are read back, not taken from the URL.
  const programSwitchedNotice = async (access: OrgAccess, query: Record<string, string>) => {
    if (query.saved !== "zoom-enabled" && query.saved !== "zoom-disabled") return undefined;
    const program = (await listIntegrationPrograms(context.db, access, zoom.name)).find(
      (p) => p.id === query.program,
    );
    if (!program) return undefined;
    if (query.saved === "zoom-disabled") {
      return `Zoom is disabled for ${program.name}: new meetings there cannot use it. Meetings already made keep their links.`;
    }
    return program.modeOn
      ? `Zoom is enabled for ${program.name}: its members can pick Zoom video call again.`
      : `Zoom is enabled for ${program.name}. Its program admin now turns on Zoom video call under Program settings → Permissions.`;
  };

  app.get<{ Querystring: Record<string, string> }>(
    "/o/:org/manage/integrations",
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const { connection_result: result, connection_id: id } = request.query;
      if (result === "connected" && id) {
        authorizeInOrg(access, "integrations.install");
        const installed = await findOrganizationIntegration(
          context.db,
          access.organization.id,
          zoom.name,
        );
        if (installed?.id === id) return page(request, reply, access, { installed });
      }
      if (request.query.saved === "host-account") {
        return page(request, reply, access, { done: "The host account is saved." });
      }
      const switched = await programSwitchedNotice(access, request.query);
      if (switched) return page(request, reply, access, { done: switched });
      if (request.query.removed === "zoom") {
        return page(request, reply, access, {
          done: "Zoom is removed from the organization. No existing Zoom meetings were deleted.",
        });
      }
      if (result === "declined") {
        return page(request, reply, access, {
          error: "You declined at Zoom; nothing was installed.",
        });
      }
      if (result === "refused") {
        return page(request, reply, access, {
          error:
            openOutcomeMessage(context.vault, request.query.connection_message) ??
            "Zoom refused the install.",
        });
      }
      return page(request, reply, access);
    },
  );

  app.post("/o/:org/manage/integrations/zoom/done", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    await confirmOrganizationInstall(context.db, access, {
      connectionId: textOf(request.body, "connection_id"),
      providerDisplayName: zoom.displayName,
      actor: auditActorOf(requireViewer(request)),
    });
    return page(request, reply, access, {
      done: `Zoom is installed for ${access.organization.name}. Enable it for the programs that should offer it.`,
    });
  });

  app.post("/o/:org/manage/integrations/zoom/host-account", async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const email = textOf(request.body, "hostAccount");
    try {
      await setHostAccount({ db: context.db, vault: context.vault, providers }, access, {
        provider: zoom.name,
        email,
        actor: auditActorOf(requireViewer(request)),
      });
    } catch (error) {
      if (!(error instanceof DomainError) || !error.fields) throw error;
      return page(request, reply, access, {
        status: 400,
        error: error.message,
        hostAccountError: error.fields.hostAccount,
        hostAccountValue: email,
      });
    }
    return reply.redirect(`${base(access)}?saved=host-account`, 303);
  });

  app.post<{ Params: { programId: string } }>(
    "/o/:org/manage/integrations/zoom/programs/:programId",
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const enabled = textOf(request.body, "enabled");
      if (enabled !== "true" && enabled !== "false") {
        throw new DomainError("invalid_input", "Say whether to enable or disable Zoom.");
      }
      await setIntegrationProgram(context.db, access, {
        provider: zoom,
        programId: request.params.programId,
        enabled: enabled === "true",
        actor: auditActorOf(requireViewer(request)),
      });
      const saved = enabled === "true" ? "zoom-enabled" : "zoom-disabled";
      return reply.redirect(
        `${base(access)}?saved=${saved}&program=${request.params.programId}`,
        303,
      );
    },
  );
}
