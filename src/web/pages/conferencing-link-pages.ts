import type { FastifyInstance } from "fastify";
import {
  finishConferencingLink,
  openConferencingLink,
  spendConferencingLink,
} from "../../conferencing/conferencing-links.ts";
import { resolveConferencingProfile } from "../../conferencing/conferencing-profiles.ts";
import { resumeWaitingEvents } from "../../conferencing/resume-waiting-events.ts";
import { openRelinkLink } from "../../conferencing/sealed-link.ts";
import { openOutcomeMessage } from "../../connections/connection-outcome-message.ts";
import { DomainError } from "../../domain-error.ts";
import { createProviders } from "../../providers/registry.ts";
import { postButton } from "../forms.ts";
import { html } from "../html.ts";
import {
  allowProviderConsentForms,
  personalProviders,
  redirectToProviderConsent,
} from "../provider-consent.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/**
 * The hosted link of flow F2, which an application sends its user to (no confab sign-in: the
 * link names the account), and the relink link of a disconnected profile.
 */
export function conferencingLinkPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);

  // The sealed token rides in the query: `token` is a parameter the request log redacts.
  app.get<{ Querystring: { token?: string } }>("/conferencing/link", async (request, reply) => {
    const link = await openConferencingLink(context.db, context.vault, request.query.token ?? "");
    if (link.providerName) {
      await spendConferencingLink(context.db, link.id);
      return redirectToProviderConsent(context, providers, reply, {
        providerName: link.providerName,
        ownerRef: link.ownerRef,
        returnTo: `/conferencing/link/finish/${link.id}`,
      });
    }
    const token = csrfToken(reply);
    allowProviderConsentForms(reply, providers);
    return sendPage(context, request, reply, {
      title: "Connect your conferencing",
      main: html`<section class="panel narrow">
        <h1>Connect your conferencing</h1>
        <p class="lead"><strong>${link.applicationName}</strong> would like to add video meetings
          to the events it creates for you.</p>
        <p>${link.applicationName} will not have access to your account with the service you
          choose, and no credentials are shared with it.</p>
        <ul class="card-list">${personalProviders(providers).map(
          (provider) => html`<li class="card">
            <h2 class="card-title">${provider.displayName}</h2>
            ${provider.name === "zoom" ? html`<p class="muted">Zoom requires a paid plan (Zoom Pro or above).</p>` : ""}
            ${postButton({ action: `/conferencing/link/${provider.name}?token=${encodeURIComponent(request.query.token ?? "")}`, label: `Connect ${provider.displayName}`, csrfToken: token, style: "primary" })}
          </li>`,
        )}</ul>
      </section>`,
    });
  });

  app.post<{ Params: { provider: string }; Querystring: { token?: string } }>(
    "/conferencing/link/:provider",
    async (request, reply) => {
      const link = await openConferencingLink(context.db, context.vault, request.query.token ?? "");
      // A provider that is not offered is refused before the single-use link is spent.
      if (!personalProviders(providers).some((p) => p.name === request.params.provider)) {
        throw new DomainError("not_found", "That conferencing service is not offered here.");
      }
      await spendConferencingLink(context.db, link.id);
      return redirectToProviderConsent(context, providers, reply, {
        providerName: request.params.provider,
        ownerRef: link.ownerRef,
        returnTo: `/conferencing/link/finish/${link.id}`,
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    "/conferencing/link/finish/:id",
    async (request, reply) => {
      const link = await finishConferencingLink(context.db, request.params.id);
      const target = new URL(link.redirectUri);
      const { connection_result: result, connection_id: profileId } = request.query;
      if (result === "connected" && profileId) {
        // Only a profile of the link's own account is ever named back to the application.
        const profile = await resolveConferencingProfile(context.db, link.ownerRef, profileId);
        if (!profile) throw new DomainError("not_found", "This link has already been finished.");
        await resumeWaitingEvents(context.db, { ownerRef: link.ownerRef });
        target.searchParams.set("last_linked_profile_id", profile.id);
        return reply.redirect(target.href, 303);
      }
      target.searchParams.set("error", "access_denied");
      if (result === "refused") {
        return sendPage(context, request, reply, {
          title: "Not connected",
          status: 400,
          main: html`<section class="panel narrow error-panel">
            <h1>Not connected</h1>
            <p>${openOutcomeMessage(context.vault, request.query.connection_message) ?? "The provider refused the connection."}</p>
            <p><a class="button button-primary" href="${target.href}">Back to ${link.applicationName}</a></p>
          </section>`,
        });
      }
      return reply.redirect(target.href, 303);
    },
  );

  app.get<{ Querystring: Record<string, string> }>(
    "/conferencing/relink",
    async (request, reply) => {
      const token = request.query.token ?? "";
      const { profileId, ownerRef } = openRelinkLink(context.vault, token);
      const linked = await resolveConferencingProfile(context.db, ownerRef, profileId);
      if (!linked) throw new DomainError("not_found", "This link is not valid.");
      const name = providers.get(linked.providerName)?.displayName ?? linked.providerName;
      const result = request.query.connection_result;
      // A removed profile comes back as a new one: once connected, show the one just made.
      const reconnected =
        result === "connected" && request.query.connection_id
          ? await resolveConferencingProfile(context.db, ownerRef, request.query.connection_id)
          : undefined;
      const profile = reconnected ?? linked;
      if (result === "connected") await resumeWaitingEvents(context.db, { ownerRef });
      allowProviderConsentForms(reply, providers);
      const message =
        result === "connected"
          ? html`<div class="alert alert-ok" role="status">${name} is connected again. You can close this page.</div>`
          : result === "refused" || result === "declined"
            ? html`<div class="alert alert-error" role="alert">${openOutcomeMessage(context.vault, request.query.connection_message) ?? "Nothing was connected."}</div>`
            : "";
      return sendPage(context, request, reply, {
        title: `Reconnect ${name}`,
        main: html`<section class="panel narrow">
          <h1>Reconnect ${name}</h1>
          ${message}
          <p>${profile.profileName}: ${profile.status === "connected" ? "connected" : (profile.statusReason ?? "disconnected")}</p>
          ${
            profile.status === "connected"
              ? ""
              : postButton({
                  action: `/conferencing/relink?token=${encodeURIComponent(token)}`,
                  label: `Reconnect ${name}`,
                  csrfToken: csrfToken(reply),
                  style: "primary",
                })
          }
        </section>`,
      });
    },
  );

  app.post<{ Querystring: { token?: string } }>("/conferencing/relink", async (request, reply) => {
    const token = request.query.token ?? "";
    const { profileId, ownerRef } = openRelinkLink(context.vault, token);
    const profile = await resolveConferencingProfile(context.db, ownerRef, profileId);
    if (!profile) throw new DomainError("not_found", "This link is not valid.");
    return redirectToProviderConsent(context, providers, reply, {
      providerName: profile.providerName,
      ownerRef,
      returnTo: `/conferencing/relink?token=${encodeURIComponent(token)}`,
    });
  });
}
