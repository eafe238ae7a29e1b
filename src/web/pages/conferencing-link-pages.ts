import type { FastifyInstance } from "fastify";
import {
  finishConferencingLink,
  openConferencingLink,
  spendConferencingLink,
} from "../../conferencing/conferencing-links.ts";
import { resolveConferencingProfile } from "../../conferencing/conferencing-profiles.ts";
import { resumeWaitingEvents } from "../../conferencing/resume-waiting-events.ts";
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
import { relinkPages } from "./relink-pages.ts";

/**
 * The hosted link of flow F2, which an application sends its user to (no confab sign-in: the
 * link names the account), and (in relink-pages.ts) the relink link of a disconnected profile.
 */
export function conferencingLinkPages(app: FastifyInstance, context: WebContext) {
  const providers = createProviders(context.config, context.db);

  // The sealed token rides in the query: `token` is a parameter the request log redacts.
  // Opening the link spends nothing, even when it names its provider: mail and chat apps fetch
  // links to preview them, and that must not use up the person's one go. Only the button's POST,
  // below, spends it.
  app.get<{ Querystring: { token?: string } }>("/conferencing/link", async (request, reply) => {
    const link = await openConferencingLink(context.db, context.vault, request.query.token ?? "");
    const offered = personalProviders(providers).filter(
      (provider) => link.providerName === null || provider.name === link.providerName,
    );
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
        ${
          offered.length === 0
            ? html`<p>That conferencing service is not set up on this confab instance; ask its operator.</p>`
            : html`<ul class="card-list">${offered.map(
                (provider) => html`<li class="card">
            <h2 class="card-title">${provider.displayName}</h2>
            ${provider.name === "zoom" ? html`<p class="muted">Zoom requires a paid plan (Zoom Pro or above).</p>` : ""}
            ${postButton({ action: `/conferencing/link/${provider.name}?token=${encodeURIComponent(request.query.token ?? "")}`, label: `Connect ${provider.displayName}`, csrfToken: token, style: "primary" })}
          </li>`,
              )}</ul>`
        }
      </section>`,
    });
  });

  // Pressing Connect spends the link, so the consent it starts is the only one it ever starts.
  // A refusal at the provider (a free Zoom account, say) does not give it back: the finish page
  // sends the person back to the application, which asks for a new link.
  app.post<{ Params: { provider: string }; Querystring: { token?: string } }>(
    "/conferencing/link/:provider",
    async (request, reply) => {
      const link = await openConferencingLink(context.db, context.vault, request.query.token ?? "");
      // A provider that is not offered, or not the one the link names, is refused before the
      // single-use link is spent.
      if (
        !personalProviders(providers).some((p) => p.name === request.params.provider) ||
        (link.providerName !== null && link.providerName !== request.params.provider)
      ) {
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

  relinkPages(app, context, providers);
}
