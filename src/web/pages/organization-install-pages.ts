import type { FastifyInstance } from "fastify";
import { authorizeInOrg } from "../../authorization/policy.ts";
import { oauthRedirectUri, setBindingCookie } from "../../connections/oauth-binding.ts";
import { newBrowserBinding } from "../../connections/oauth-states.ts";
import { DomainError } from "../../domain-error.ts";
import { findOrganizationIntegration } from "../../integrations/organization-integration.ts";
import { providerModeLabel } from "../../integrations/provider-meeting-mode.ts";
import { startOrganizationInstall } from "../../integrations/start-organization-install.ts";
import { uninstallOrganizationIntegration } from "../../integrations/uninstall-organization-integration.ts";
import type { ConferencingProvider } from "../../providers/provider.ts";
import { createProviders, type Providers } from "../../providers/registry.ts";
import { confirmation } from "../confirm-page.ts";
import { csrfInput } from "../forms.ts";
import { html } from "../html.ts";
import { allowProviderConsentForms } from "../provider-consent.ts";
import {
  auditActorOf,
  csrfToken,
  requireOrgAccess,
  requireViewer,
  sendPage,
  type WebContext,
} from "../web-context.ts";

/**
 * Installing a provider for the organization (F7): the confirmation that lists what confab will
 * be able to do and see, and never do, with the permissions asked (F12); *Continue* leads to the
 * provider's admin consent. And removing it again (F11), after a confirmation that existing
 * meetings stay. Zoom's words are the pages' own; another provider brings its own.
 */
export function organizationInstallPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  for (const provider of providers.values()) installPagesOf(app, context, providers, provider);
}

function installPagesOf(
  app: FastifyInstance,
  context: WebContext,
  providers: Providers,
  provider: ConferencingProvider,
) {
  const { name, displayName } = provider;
  const words = provider.organizationInstall;
  const path = `/o/:org/manage/integrations/${name}`;

  app.get(`${path}/install`, async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "integrations.install");
    if (!access.organization.integrationsEnabled || !provider.supports("organization")) {
      throw new DomainError(
        "not_found",
        `${displayName} cannot be installed for this organization.`,
      );
    }
    allowProviderConsentForms(reply, providers, "organization");
    const described = provider.describeAccess("organization");
    const list = (items: string[]) => html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>`;
    const back = `/o/${access.organization.slug}/manage/integrations`;
    return sendPage(context, request, reply, {
      title: `Install ${displayName}`,
      access,
      manageSection: "integrations",
      main: html`<section class="panel narrow" role="dialog" aria-labelledby="install-heading" aria-modal="false">
        <h1 id="install-heading">Install ${displayName} for ${access.organization.name}</h1>
        ${
          words
            ? html`<p>${words.approval} Members of ${access.organization.name} then get
          ${displayName} meetings without connecting or signing in to ${displayName} themselves.</p>`
            : html`<p>You will be asked to sign in to Zoom as an <strong>owner or admin</strong> of your
          organization's paid Zoom account and to allow confab in. Members of
          ${access.organization.name} then get Zoom meetings without connecting or signing in
          to Zoom themselves.</p>`
        }
        <h2>confab will be able to</h2>${list(described.canDo)}
        <h2>confab will see</h2>${list(described.canSee)}
        <h2>confab will never</h2>${list(described.never)}
        <h2>Permissions asked of ${displayName}</h2>
        <ul class="scopes">${described.scopes.map((scope) => html`<li><code>${scope}</code></li>`)}</ul>
        <form method="post" action="${back}/${name}/install" class="button-row">
          ${csrfInput(csrfToken(reply))}
          <button type="submit" class="button button-primary">Continue</button>
          <a class="button button-quiet" href="${back}">Cancel</a>
        </form>
      </section>`,
    });
  });

  app.post(`${path}/install`, async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    const binding = newBrowserBinding();
    const url = await startOrganizationInstall(
      {
        db: context.db,
        vault: context.vault,
        provider,
        redirectUri: oauthRedirectUri(context.config, name),
      },
      access,
      { binding, returnTo: `/o/${access.organization.slug}/manage/integrations` },
    );
    setBindingCookie(reply, context.config, binding);
    return reply.redirect(url.href, 303);
  });

  const installed = async (organizationId: string) => {
    const integration = await findOrganizationIntegration(context.db, organizationId, name);
    if (!integration) {
      throw new DomainError("not_found", `${displayName} is not installed for this organization.`);
    }
    return integration;
  };

  app.get(`${path}/remove`, async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    authorizeInOrg(access, "integrations.uninstall");
    const integration = await installed(access.organization.id);
    const back = `/o/${access.organization.slug}/manage/integrations`;
    const mode = providerModeLabel(displayName);
    return sendPage(context, request, reply, {
      title: `Remove ${displayName}`,
      access,
      manageSection: "integrations",
      main: confirmation({
        heading: `Remove ${displayName} from ${access.organization.name}?`,
        consequences: words
          ? html`<p>${words.removal(integration)} Members can no longer pick <em>${mode}</em> in
          any program, and no more ${displayName} meetings are created.</p>
          <p><strong>No existing ${displayName} meetings will be deleted.</strong></p>
          <p>${words.afterRemoval}</p>`
          : html`<p>confab gives up its access to the Zoom account
          ${integration.accountId} (installed by ${integration.email}). Members can no longer
          pick <em>Zoom video call</em> in any program, and no more Zoom meetings are created.</p>
          <p><strong>No existing Zoom meetings will be deleted.</strong></p>`,
        action: `${back}/${name}/remove`,
        confirmLabel: `Remove ${displayName}`,
        cancelHref: back,
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post(`${path}/remove`, async (request, reply) => {
    const access = await requireOrgAccess(context, request);
    await uninstallOrganizationIntegration(
      { db: context.db, vault: context.vault, provider },
      access,
      { actor: auditActorOf(requireViewer(request)) },
    );
    // Answered with a redirect, so reloading the page does not post the removal again.
    return reply.redirect(
      `/o/${access.organization.slug}/manage/integrations?removed=${name}`,
      303,
    );
  });
}
