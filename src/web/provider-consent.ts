import type { FastifyReply } from "fastify";
import { startAuthorization } from "../connections/authorize-connection.ts";
import { oauthRedirectUri, setBindingCookie } from "../connections/oauth-binding.ts";
import { newBrowserBinding } from "../connections/oauth-states.ts";
import type { SingleUseLink } from "../connections/spent-links.ts";
import { DomainError } from "../domain-error.ts";
import type { ConnectionKind } from "../providers/provider.ts";
import type { Providers } from "../providers/registry.ts";
import type { WebContext } from "./web-context.ts";

/**
 * Sends the browser to a provider's consent screen to connect a personal conferencing profile
 * for `ownerRef`; the provider's callback then brings it back to `returnTo`. A reconnect names
 * the profile whose account must come back, and the single-use link its success spends.
 */
export async function redirectToProviderConsent(
  context: WebContext,
  providers: Providers,
  reply: FastifyReply,
  request: {
    providerName: string;
    ownerRef: string;
    returnTo: string;
    reconnects?: string;
    spendsLink?: SingleUseLink;
  },
): Promise<FastifyReply> {
  const provider = providers.get(request.providerName);
  if (!provider?.supports("personal")) {
    throw new DomainError("not_found", "That conferencing service is not offered here.");
  }
  const binding = newBrowserBinding();
  const url = await startAuthorization(
    {
      db: context.db,
      vault: context.vault,
      provider,
      redirectUri: oauthRedirectUri(context.config, provider.name),
    },
    {
      kind: "personal",
      ownerRef: request.ownerRef,
      binding,
      returnTo: request.returnTo,
      reconnects: request.reconnects,
      spendsLink: request.spendsLink,
    },
  );
  setBindingCookie(reply, context.config, binding);
  return reply.redirect(url.href, 303);
}

/** The providers a person can connect a profile of their own with. */
export function personalProviders(providers: Providers) {
  return [...providers.values()].filter((provider) => provider.supports("personal"));
}

/**
 * Lets this page's forms lead to the providers' consent screens. The pages' Content Security
 * Policy allows forms to post only to confab itself, and browsers apply that to the redirect
 * that follows a post, so a page whose button starts a connection names the providers too.
 */
export function allowProviderConsentForms(
  reply: FastifyReply,
  providers: Providers,
  kind: ConnectionKind = "personal",
): void {
  const policy = reply.getHeader("content-security-policy");
  if (typeof policy !== "string") return;
  const origins = [...providers.values()]
    .filter((provider) => provider.supports(kind))
    .map(
      (provider) =>
        provider.authorizationUrl(kind, { state: "-", codeChallenge: "-", redirectUri: "-" })
          .origin,
    );
  reply.header(
    "content-security-policy",
    policy.replace(/form-action 'self'/, `form-action 'self' ${[...new Set(origins)].join(" ")}`),
  );
}
