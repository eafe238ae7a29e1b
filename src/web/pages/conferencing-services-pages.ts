import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type ConferencingProfile,
  listConferencingProfiles,
  resolveConferencingProfile,
  setDefaultProfile,
} from "../../conferencing/conferencing-profiles.ts";
import { openOutcomeMessage } from "../../connections/connection-outcome-message.ts";
import { disconnect } from "../../connections/disconnect.ts";
import { DomainError } from "../../domain-error.ts";
import { programsAllowingOwnProfiles } from "../../program-meetings/own-profiles-allowed.ts";
import { createProviders } from "../../providers/registry.ts";
import { confirmation } from "../confirm-page.ts";
import { formAlert, notice, postButton } from "../forms.ts";
import { type Html, html } from "../html.ts";
import {
  allowProviderConsentForms,
  personalProviders,
  redirectToProviderConsent,
} from "../provider-consent.ts";
import { csrfToken, requireViewer, sendPage, type WebContext } from "../web-context.ts";

const listPath = "/account/conferencing";

/**
 * Your account → Conferencing services: a person's own profiles (F1), the default, removal
 * (F4) and reconnecting a broken one. A provider that refuses (F3) says why here.
 */
export function conferencingServicesPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);
  const displayName = (name: string) => providers.get(name)?.displayName ?? name;

  const listPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { done?: string; error?: string } = {},
  ) => {
    const viewer = requireViewer(request);
    allowProviderConsentForms(reply, providers);
    const profiles = await listConferencingProfiles(context.db, viewer.id);
    const allowing = await programsAllowingOwnProfiles(context.db, viewer.id);
    const token = csrfToken(reply);
    const row = (
      profile: ConferencingProfile,
    ): Html => html`<li class="card" data-profile="${profile.id}">
        <h2 class="card-title">${displayName(profile.providerName)}
          ${profile.isDefault ? html`<span class="badge badge-on">Default</span>` : ""}</h2>
        <p>${profile.profileName}</p>
        ${
          profile.status === "connected"
            ? html`<p><span class="badge badge-on">Connected</span></p>`
            : html`<p><span class="badge badge-off">Disconnected</span> ${profile.statusReason ?? ""}</p>`
        }
        <div class="button-row">
          ${
            profile.status === "broken"
              ? postButton({
                  action: `${listPath}/add/${profile.providerName}`,
                  label: "Reconnect",
                  csrfToken: token,
                  style: "primary",
                })
              : ""
          }
          ${
            profile.isDefault
              ? ""
              : postButton({
                  action: `${listPath}/${profile.id}/default`,
                  label: "Make default",
                  csrfToken: token,
                })
          }
          <a class="button button-danger-quiet" href="${listPath}/${profile.id}/remove"
             aria-label="Remove ${displayName(profile.providerName)} ${profile.profileName}">×</a>
        </div>
      </li>`;
    return sendPage(context, request, reply, {
      title: "Conferencing services",
      main: html`<p class="breadcrumb"><a href="/account">Your account</a></p>
        <h1>Conferencing services</h1>
        ${notice(state.done)}${formAlert(state.error)}
        <p class="lead">Applications that create events for you can add a meeting from these
          services. They never see your credentials.</p>
        <p class="muted" data-connection-purpose>A connection here is used by the applications that
          ask for it: a booking page or scheduling tool that makes meetings in your own account.
          ${
            allowing.length === 0
              ? "Meetings you make in an organization's programs do not use it"
              : html`Where a program allows it, you may also host the meetings you make there with
                your own Zoom: <span data-own-profile-programs>${allowing.map((p) => `${p.programName} (${p.organizationName})`).join(", ")}</span>.
                Meetings in other programs do not use it`
          }: they are made in the organization's own install (Manage → Integrations), with nothing
          for you to connect.</p>
        ${
          profiles.length === 0
            ? html`<div class="empty-state"><p><strong>No conferencing services connected.</strong></p></div>`
            : html`<ul class="card-list">${profiles.map(row)}</ul>`
        }
        <p><a class="button button-primary" href="${listPath}/add">Add conferencing service</a></p>`,
    });
  };

  app.get<{ Querystring: Record<string, string> }>(listPath, async (request, reply) => {
    const result = request.query.connection_result;
    if (result === "connected") {
      return listPage(request, reply, { done: "The conferencing service is connected." });
    }
    if (result === "declined") {
      return listPage(request, reply, {
        error: "You declined at the provider; nothing was connected.",
      });
    }
    if (result === "refused") {
      return listPage(request, reply, {
        error:
          openOutcomeMessage(context.vault, request.query.connection_message) ??
          "The provider refused the connection.",
      });
    }
    if (request.query.removed) {
      // Said from what the database holds, so a link cannot make the page say anything else.
      const viewer = requireViewer(request);
      const removed = await resolveConferencingProfile(
        context.db,
        viewer.id,
        request.query.removed,
      );
      if (removed?.status === "removed") {
        return listPage(request, reply, {
          done: `${displayName(removed.providerName)} (${removed.profileName}) is removed. No existing meetings were deleted.`,
        });
      }
    }
    return listPage(request, reply);
  });

  app.get(`${listPath}/add`, async (request, reply) => {
    requireViewer(request);
    allowProviderConsentForms(reply, providers);
    const offered = personalProviders(providers);
    return sendPage(context, request, reply, {
      title: "Add conferencing service",
      main: html`<p class="breadcrumb"><a href="${listPath}">Conferencing services</a></p>
        <h1>Add conferencing service</h1>
        ${
          offered.length === 0
            ? html`<p>No conferencing service is set up on this confab instance; ask its operator.</p>`
            : html`<ul class="card-list">${offered.map(
                (provider) => html`<li class="card">
                  <h2 class="card-title">${provider.displayName}</h2>
                  ${provider.connectionRequirement ? html`<p class="muted">${provider.connectionRequirement}</p>` : ""}
                  ${postButton({ action: `${listPath}/add/${provider.name}`, label: `Connect ${provider.displayName}`, csrfToken: csrfToken(reply), style: "primary" })}
                </li>`,
              )}</ul>`
        }`,
    });
  });

  app.post<{ Params: { provider: string } }>(
    `${listPath}/add/:provider`,
    async (request, reply) => {
      const viewer = requireViewer(request);
      return redirectToProviderConsent(context, providers, reply, {
        providerName: request.params.provider,
        ownerRef: viewer.id,
        returnTo: listPath,
      });
    },
  );

  app.post<{ Params: { id: string } }>(`${listPath}/:id/default`, async (request, reply) => {
    const viewer = requireViewer(request);
    await setDefaultProfile(context.db, viewer.id, request.params.id);
    return listPage(request, reply, { done: "Your default conferencing service is changed." });
  });

  const ownProfile = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const viewer = requireViewer(request);
    const profile = await resolveConferencingProfile(context.db, viewer.id, request.params.id);
    if (!profile || profile.status === "removed") {
      throw new DomainError("not_found", "There is no such conferencing service on your account.");
    }
    return profile;
  };

  app.get<{ Params: { id: string } }>(`${listPath}/:id/remove`, async (request, reply) => {
    const profile = await ownProfile(request);
    const name = displayName(profile.providerName);
    return sendPage(context, request, reply, {
      title: `Remove ${name}`,
      main: confirmation({
        heading: `Remove ${name} (${profile.profileName})?`,
        consequences: html`<p>This removes the link from confab to your ${name} account and
          prevents any more meetings being created with it.</p>
          <p><strong>No existing meetings will be deleted.</strong></p>`,
        action: `${listPath}/${profile.id}/remove`,
        confirmLabel: `Remove ${name}`,
        cancelHref: listPath,
        csrfToken: csrfToken(reply),
      }),
    });
  });

  app.post<{ Params: { id: string } }>(`${listPath}/:id/remove`, async (request, reply) => {
    const profile = await ownProfile(request);
    const provider = providers.get(profile.providerName);
    if (!provider)
      throw new DomainError("not_found", "That conferencing service is not offered here.");
    await disconnect({ db: context.db, vault: context.vault, provider }, profile.id);
    // Back to the list by GET, so that reloading it does not send the removal again.
    return reply.redirect(`${listPath}?removed=${encodeURIComponent(profile.id)}`, 303);
  });
}
