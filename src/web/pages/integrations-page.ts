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
import { providerModeLabel } from "../../integrations/provider-meeting-mode.ts";
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
  /** The provider whose host account form was refused, and why. */
  hostAccountProvider?: string;
  hostAccountError?: string;
  hostAccountValue?: string;
  done?: string;
  error?: string;
  /** Back from the provider's consent with a new install: the *Done* step (F7). */
  installed?: { provider: ConferencingProvider; integration: OrganizationIntegration };
}

/**
 * Manage → Integrations: each provider installed once for the whole organization (F7), the
 * programs it may be used in (F8), and its removal (F11, see organization-install-pages.ts).
 * Zoom is always listed; another provider once its operator set up organization installs, or
 * while an install of it is still there.
 */
export function integrationsPage(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const zoom = providers.get("zoom") as ConferencingProvider;
  const base = (access: OrgAccess) => `/o/${access.organization.slug}/manage/integrations`;
  const installs = async (access: OrgAccess) => {
    const listed: { provider: ConferencingProvider; integration?: OrganizationIntegration }[] = [];
    for (const provider of providers.values()) {
      const integration = await findOrganizationIntegration(
        context.db,
        access.organization.id,
        provider.name,
      );
      if (provider !== zoom && !provider.supports("organization") && !integration) continue;
      listed.push({ provider, ...(integration ? { integration } : {}) });
    }
    return listed;
  };

  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    access: OrgAccess,
    state: State = {},
  ) => {
    authorizeInOrg(access, "integrations.view");
    let body: Html;
    if (access.organization.integrationsEnabled) {
      const listed = await installs(access);
      const token = csrfToken(reply);
      const panels: Html[] = [];
      for (const { provider, integration } of listed) {
        if (!integration) continue;
        const programs = await listIntegrationPrograms(context.db, access, provider.name);
        panels.push(programsPanel(access, provider, programs, token));
        if (integration.status === "connected") {
          panels.push(hostAccountPanel(access, provider, integration, token, state));
        }
      }
      body = html`${notice(state.done)}${formAlert(state.error)}
        ${state.installed ? doneStep(access, state.installed.provider, state.installed.integration, token) : ""}
        <p class="lead">Install a conferencing service once for everyone in
          ${access.organization.name}; then enable it for the programs that should offer it.
          Nobody else needs to connect or sign in to it.</p>
        <ul class="card-list">
          ${listed.map(({ provider, integration }) => providerCard(access, provider, integration))}
        </ul>
        ${panels}`;
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

  const providerCard = (
    access: OrgAccess,
    provider: ConferencingProvider,
    integration: OrganizationIntegration | undefined,
  ): Html => {
    const { name, displayName } = provider;
    const words = provider.organizationInstall;
    if (!provider.supports("organization") && !integration) {
      return html`<li class="card" data-integration="${name}"><h2 class="card-title">${displayName}</h2>
        <p class="muted">${displayName} for organizations is not set up on this confab instance; ask its
          operator.</p></li>`;
    }
    if (!integration) {
      return html`<li class="card" data-integration="${name}">
        <h2 class="card-title">${displayName} <span class="badge badge-off">Not installed</span></h2>
        ${
          words
            ? html`<p>${words.offer}</p>`
            : html`<p>Members schedule Zoom meetings in the organization's Zoom account; the person who
          schedules is the host. Needs a Zoom owner or admin of a paid Zoom account to install.</p>`
        }
        <p><a class="button button-primary" href="${base(access)}/${name}/install">Install</a></p>
      </li>`;
    }
    const connected = integration.status === "connected";
    const installedOn = integration.installedAt.toISOString().slice(0, 10);
    return html`<li class="card" data-integration="${name}">
      <h2 class="card-title">${displayName}
        ${connected ? html`<span class="badge badge-on">Installed</span>` : html`<span class="badge badge-off">Disconnected</span>`}</h2>
      ${connected ? "" : html`<p>${integration.statusReason ?? ""}</p>`}
      ${
        words
          ? html`<p>Installed on ${installedOn}. ${words.installedIn(integration)}</p>
      <p class="muted small">${words.accountIdLabel} ${integration.accountId}</p>`
          : html`<p>Installed by ${integration.email} on ${installedOn}:
        meetings are made in the Zoom account that ${integration.email} belongs to. It keeps
        working if that person leaves the organization.</p>
      <p class="muted small">Zoom account id ${integration.accountId}</p>`
      }
      <div class="button-row">
        ${connected || !provider.supports("organization") ? "" : html`<a class="button button-primary" href="${base(access)}/${name}/install">Install again</a>`}
        <a class="button button-danger-quiet" href="${base(access)}/${name}/remove">Remove ${displayName}</a>
      </div>
    </li>`;
  };

  const programsPanel = (
    access: OrgAccess,
    provider: ConferencingProvider,
    programs: IntegrationProgram[],
    token: string,
  ) => {
    const { name, displayName } = provider;
    return html`<section class="panel" aria-labelledby="${name}-programs-heading">
      <h2 id="${name}-programs-heading">Programs that may use ${displayName}</h2>
      <p class="muted">In each program you enable, its program admin then turns on
        <em>${providerModeLabel(displayName)}</em> under Program settings → Permissions.</p>
      ${
        programs.length === 0
          ? html`<p>There are no programs yet.</p>`
          : html`<ul class="toggle-list">${programs.map(
              (program) => html`<li data-program="${program.id}">
                <span class="toggle-name">${program.name}</span>
                <span class="badge ${program.enabled ? "badge-on" : "badge-off"}">${program.enabled ? "Enabled" : "Not enabled"}</span>
                ${program.enabled ? html`<span class="muted">${providerModeLabel(displayName)} ${program.modeOn ? "on" : "off"} in the program</span>` : ""}
                ${
                  program.enabled
                    ? html`<a class="button button-quiet" href="${base(access)}/${name}/programs/${program.id}/disable">Disable<span class="visually-hidden"> ${displayName} for ${program.name}</span></a>`
                    : postButton({
                        action: `${base(access)}/${name}/programs/${program.id}`,
                        label: "Enable",
                        accessibleLabel: `Enable ${displayName} for ${program.name}`,
                        csrfToken: token,
                        fields: { enabled: "true" },
                      })
                }
              </li>`,
            )}</ul>`
      }
    </section>`;
  };

  const hostAccountPanel = (
    access: OrgAccess,
    provider: ConferencingProvider,
    integration: OrganizationIntegration,
    token: string,
    state: State,
  ) => {
    const { name, displayName } = provider;
    const refused = state.hostAccountProvider === name;
    return html`<section class="panel" aria-labelledby="${name}-host-account-heading">
      <h2 id="${name}-host-account-heading">${provider === zoom ? "Host account" : `${displayName} host account`}</h2>
      ${
        provider.organizationInstall
          ? html`<p class="muted">${provider.organizationInstall.hostAccount}</p>`
          : html`<p class="muted">Programs whose rule says so (Program settings → Permissions → Who hosts
        when the creator cannot) have their Zoom meetings hosted by this licensed user of the
        organization's Zoom account when the member who books cannot host, e.g. a mentee
        without a licence. Licensed invitees become alternative hosts.</p>`
      }
      <p>${integration.hostAccountEmail ? html`Host account: <strong data-host-account>${integration.hostAccountEmail}</strong>` : `No host account is named: programs with that rule cannot offer ${displayName} to members who cannot host.`}</p>
      <form method="post" action="${base(access)}/${name}/host-account" class="form-row" novalidate>
        ${csrfInput(token)}
        ${field({
          label: `Email of a licensed ${displayName} user`,
          name: "hostAccount",
          value:
            (refused ? state.hostAccountValue : undefined) ?? integration.hostAccountEmail ?? "",
          errors: refused && state.hostAccountError ? { hostAccount: state.hostAccountError } : {},
          hint: "Leave empty to name none.",
        })}
        <button type="submit" class="button button-quiet">Save host account</button>
      </form>
    </section>`;
  };

  const doneStep = (
    access: OrgAccess,
    provider: ConferencingProvider,
    installed: OrganizationIntegration,
    token: string,
  ) =>
    html`<section class="panel narrow" aria-labelledby="done-heading">
      <h2 id="done-heading">${provider.displayName} is connected</h2>
      ${
        provider.organizationInstall
          ? html`<p>${access.organization.name} now makes its ${provider.displayName} meetings
        ${provider.organizationInstall.meetingsMadeIn(installed)}.</p>`
          : html`<p>${access.organization.name} now makes its Zoom meetings in the Zoom account of
        ${installed.email}${installed.displayName ? ` (${installed.displayName})` : ""}.</p>`
      }
      <form method="post" action="${base(access)}/${provider.name}/done" class="button-row">
        ${csrfInput(token)}
        <input type="hidden" name="connection_id" value="${installed.id}">
        <button type="submit" class="button button-primary">Done</button>
      </form>
    </section>`;

  // After the per-program switch: the program's name and mode are read back, not taken from the URL.
  const programSwitchedNotice = async (access: OrgAccess, query: Record<string, string>) => {
    const provider = [...providers.values()].find(
      (p) => query.saved === `${p.name}-enabled` || query.saved === `${p.name}-disabled`,
    );
    if (!provider) return undefined;
    const { displayName } = provider;
    const program = (await listIntegrationPrograms(context.db, access, provider.name)).find(
      (p) => p.id === query.program,
    );
    if (!program) return undefined;
    const mode = providerModeLabel(displayName);
    if (query.saved === `${provider.name}-disabled`) {
      return `${displayName} is disabled for ${program.name}: new meetings there cannot use it. Meetings already made keep their links.`;
    }
    return program.modeOn
      ? `${displayName} is enabled for ${program.name}: its members can pick ${mode} again.`
      : `${displayName} is enabled for ${program.name}. Its program admin now turns on ${mode} under Program settings → Permissions.`;
  };

  /** The removal's notice: what stays, and what is left to do at the provider. */
  const removedNotice = (provider: ConferencingProvider) =>
    `${provider.displayName} is removed from the organization. No existing ${provider.displayName} meetings were deleted.${
      provider.organizationInstall ? ` ${provider.organizationInstall.afterRemoval}` : ""
    }`;

  app.get<{ Querystring: Record<string, string> }>(
    "/o/:org/manage/integrations",
    async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const { connection_result: result, connection_id: id } = request.query;
      if (result === "connected" && id) {
        authorizeInOrg(access, "integrations.install");
        for (const provider of providers.values()) {
          const integration = await findOrganizationIntegration(
            context.db,
            access.organization.id,
            provider.name,
          );
          if (integration?.id === id) {
            return page(request, reply, access, { installed: { provider, integration } });
          }
        }
      }
      if (request.query.saved === "host-account") {
        return page(request, reply, access, { done: "The host account is saved." });
      }
      const switched = await programSwitchedNotice(access, request.query);
      if (switched) return page(request, reply, access, { done: switched });
      const removed = providers.get(request.query.removed ?? "");
      if (removed) return page(request, reply, access, { done: removedNotice(removed) });
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

  for (const provider of providers.values()) {
    const path = `/o/:org/manage/integrations/${provider.name}`;
    const { displayName } = provider;

    app.post(`${path}/done`, async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      await confirmOrganizationInstall(context.db, access, {
        connectionId: textOf(request.body, "connection_id"),
        providerDisplayName: displayName,
        actor: auditActorOf(requireViewer(request)),
      });
      return page(request, reply, access, {
        done: `${displayName} is installed for ${access.organization.name}. Enable it for the programs that should offer it.`,
      });
    });

    app.post(`${path}/host-account`, async (request, reply) => {
      const access = await requireOrgAccess(context, request);
      const email = textOf(request.body, "hostAccount");
      try {
        await setHostAccount({ db: context.db, vault: context.vault, providers }, access, {
          provider: provider.name,
          email,
          actor: auditActorOf(requireViewer(request)),
        });
      } catch (error) {
        if (!(error instanceof DomainError) || !error.fields) throw error;
        return page(request, reply, access, {
          status: 400,
          error: error.message,
          hostAccountProvider: provider.name,
          hostAccountError: error.fields.hostAccount,
          hostAccountValue: email,
        });
      }
      return reply.redirect(`${base(access)}?saved=host-account`, 303);
    });

    app.post<{ Params: { programId: string } }>(
      `${path}/programs/:programId`,
      async (request, reply) => {
        const access = await requireOrgAccess(context, request);
        const enabled = textOf(request.body, "enabled");
        if (enabled !== "true" && enabled !== "false") {
          throw new DomainError(
            "invalid_input",
            `Say whether to enable or disable ${displayName}.`,
          );
        }
        await setIntegrationProgram(context.db, access, {
          provider,
          programId: request.params.programId,
          enabled: enabled === "true",
          actor: auditActorOf(requireViewer(request)),
        });
        const saved = `${provider.name}-${enabled === "true" ? "enabled" : "disabled"}`;
        return reply.redirect(
          `${base(access)}?saved=${saved}&program=${request.params.programId}`,
          303,
        );
      },
    );
  }
}
