import type { FastifyInstance } from "fastify";
import { resolveConferencingProfile } from "../../conferencing/conferencing-profiles.ts";
import { resumeWaitingEvents } from "../../conferencing/resume-waiting-events.ts";
import { openRelinkLink } from "../../conferencing/sealed-link.ts";
import { openOutcomeMessage } from "../../connections/connection-outcome-message.ts";
import { isLinkSpent } from "../../connections/spent-links.ts";
import { DomainError } from "../../domain-error.ts";
import type { Providers } from "../../providers/registry.ts";
import { postButton } from "../forms.ts";
import { html } from "../html.ts";
import { allowProviderConsentForms, redirectToProviderConsent } from "../provider-consent.ts";
import { csrfToken, sendPage, type WebContext } from "../web-context.ts";

/**
 * The relink link of a disconnected profile (no confab sign-in: the link names the profile).
 * Opening it only shows the Reconnect button; the reconnect that succeeds spends it, and only
 * the profile's own provider account can reconnect through it (see `relinkUrl`).
 */
export function relinkPages(app: FastifyInstance, context: WebContext, providers: Providers) {
  const open = async (token: string) => {
    const link = openRelinkLink(context.vault, token);
    const profile = await resolveConferencingProfile(context.db, link.ownerRef, link.profileId);
    if (!profile) throw new DomainError("not_found", "This link is not valid.");
    const name = providers.get(profile.providerName)?.displayName ?? profile.providerName;
    return { link, profile, name, spent: await isLinkSpent(context.db, link.once.id) };
  };
  const usedUp = (name: string) =>
    new DomainError(
      "conflict",
      `This link has already been used to reconnect ${name}. If ${name} needs reconnecting again, ask for a new link.`,
    );

  app.get<{ Querystring: Record<string, string> }>(
    "/conferencing/relink",
    async (request, reply) => {
      const token = request.query.token ?? "";
      const { link, profile: linked, name, spent } = await open(token);
      const result = request.query.connection_result;
      // A spent link still shows the way back from the reconnect that spent it; nothing else.
      if (spent && result !== "connected") throw usedUp(name);
      const succeeded = spent && result === "connected";
      // A removed profile comes back as a new one: once connected, show the one just made.
      const reconnected =
        succeeded && request.query.connection_id
          ? await resolveConferencingProfile(context.db, link.ownerRef, request.query.connection_id)
          : undefined;
      const profile = reconnected ?? linked;
      if (succeeded) await resumeWaitingEvents(context.db, { ownerRef: link.ownerRef });
      allowProviderConsentForms(reply, providers);
      const message = succeeded
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
            succeeded || profile.status === "connected"
              ? ""
              : html`<p class="muted">Sign in to ${name} as ${linked.profileName}: this link reconnects that account only.</p>
                ${postButton({
                  action: `/conferencing/relink?token=${encodeURIComponent(token)}`,
                  label: `Reconnect ${name}`,
                  csrfToken: csrfToken(reply),
                  style: "primary",
                })}`
          }
        </section>`,
      });
    },
  );

  app.post<{ Querystring: { token?: string } }>("/conferencing/relink", async (request, reply) => {
    const token = request.query.token ?? "";
    const { link, profile, name, spent } = await open(token);
    if (spent) throw usedUp(name);
    return redirectToProviderConsent(context, providers, reply, {
      providerName: profile.providerName,
      ownerRef: link.ownerRef,
      returnTo: `/conferencing/relink?token=${encodeURIComponent(token)}`,
      reconnects: profile.id,
      spendsLink: link.once,
    });
  });
}
