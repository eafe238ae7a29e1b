import type { FastifyInstance } from "fastify";
import {
  finishConferencingLink,
  linkUsed,
  noteConnectPressed,
  openConferencingLink,
  readConferencingLink,
} from "../../conferencing/conferencing-links.ts";
import { resolveConferencingProfile } from "../../conferencing/conferencing-profiles.ts";
import { landingUrl } from "../../conferencing/hosted-link-redirect.ts";
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
  // links to preview them, and that must not use up the link. Only a profile linked through it
  // spends it.
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
            ${provider.connectionRequirement ? html`<p class="muted">${provider.connectionRequirement}</p>` : ""}
            ${postButton({ action: `/conferencing/link/${provider.name}?token=${encodeURIComponent(request.query.token ?? "")}`, label: `Connect ${provider.displayName}`, csrfToken: token, style: "primary" })}
          </li>`,
              )}</ul>`
        }
      </section>`,
    });
  });

  // Pressing Connect starts a consent, as often as the person needs until the link expires: the
  // consent that links a profile spends the link in the transaction that saves the profile, so
  // of two racing only one links anything. A refusal at the provider (a free Zoom account, say)
  // leaves the link for another account.
  app.post<{ Params: { provider: string }; Querystring: { token?: string } }>(
    "/conferencing/link/:provider",
    async (request, reply) => {
      const token = request.query.token ?? "";
      const link = await openConferencingLink(context.db, context.vault, token);
      if (
        !personalProviders(providers).some((p) => p.name === request.params.provider) ||
        (link.providerName !== null && link.providerName !== request.params.provider)
      ) {
        throw new DomainError("not_found", "That conferencing service is not offered here.");
      }
      await noteConnectPressed(context.db, link.id);
      return redirectToProviderConsent(context, providers, reply, {
        providerName: request.params.provider,
        ownerRef: link.ownerRef,
        // The token comes back with the person, so that a refusal can offer another try.
        returnTo: `/conferencing/link/finish/${link.id}?token=${encodeURIComponent(token)}`,
        spendsLink: { id: link.id, expiresAt: link.expiresAt },
      });
    },
  );

  app.get<{ Params: { id: string }; Querystring: Record<string, string> }>(
    "/conferencing/link/finish/:id",
    async (request, reply) => {
      const token = request.query.token ?? "";
      const { link, expired, used } = await readConferencingLink(context.db, context.vault, token);
      if (link.id !== request.params.id) {
        throw new DomainError(
          "not_found",
          "This link is not valid. Ask the application for a new one.",
        );
      }
      const { connection_result: result, connection_id: profileId } = request.query;
      if (result === "connected" && profileId) {
        // Only a profile of the link's own account is ever named back to the application.
        const profile = await resolveConferencingProfile(context.db, link.ownerRef, profileId);
        if (!profile) throw new DomainError("not_found", "This link has already been finished.");
        await finishConferencingLink(context.db, link);
        await resumeWaitingEvents(context.db, { ownerRef: link.ownerRef });
        return reply.redirect(
          landingUrl(link.redirectUri, "last_linked_profile_id", profile.id),
          303,
        );
      }
      if (used) throw linkUsed(link);
      const back = landingUrl(link.redirectUri, "error", "access_denied");
      if (result !== "refused") return reply.redirect(back, 303);
      const reason =
        openOutcomeMessage(context.vault, request.query.connection_message) ??
        "The provider refused the connection.";
      return sendPage(context, request, reply, {
        title: "Not connected",
        status: 400,
        main: html`<section class="panel narrow error-panel">
          <h1>Not connected</h1>
          <p>${reason}</p>
          ${
            expired
              ? html`<p>This link has expired meanwhile; ${link.applicationName} can give you a new one.</p>`
              : html`<p><a class="button" href="/conferencing/link?token=${encodeURIComponent(token)}">Try again</a></p>`
          }
          <p><a class="button button-primary" href="${back}">Back to ${link.applicationName}</a></p>
        </section>`,
      });
    },
  );

  relinkPages(app, context, providers);
}
