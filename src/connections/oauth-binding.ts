import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";

/**
 * The cookie that ties an OAuth round trip to the browser that started it: set when the person
 * is sent to the provider, checked when they come back, cleared once the round trip is spent.
 * SameSite=Lax lets it ride along on the provider's redirect back, and on nothing a third site
 * could forge. This is its name on plain http; see `bindingCookieName`.
 */
export const bindingCookie = "confab_oauth";

/**
 * Over https the cookie carries the __Host- prefix: browsers then accept it only if it is Secure,
 * for path / and without a Domain, so neither a sibling subdomain nor a plain-http page can plant
 * a binding of its own for someone else's round trip.
 */
export function bindingCookieName(config: Config): string {
  return isHttps(config) ? `__Host-${bindingCookie}` : bindingCookie;
}

export function bindingCookieOptions(config: Config) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: isHttps(config),
    maxAge: 10 * 60,
  };
}

export function setBindingCookie(reply: FastifyReply, config: Config, binding: string): void {
  reply.setCookie(bindingCookieName(config), binding, bindingCookieOptions(config));
}

export function readBindingCookie(request: FastifyRequest, config: Config): string | undefined {
  return request.cookies[bindingCookieName(config)];
}

export function clearBindingCookie(reply: FastifyReply, config: Config): void {
  const { maxAge: _, ...options } = bindingCookieOptions(config);
  reply.clearCookie(bindingCookieName(config), options);
}

/** The one redirect URI confab registers with a provider, for both connection kinds. */
export function oauthRedirectUri(config: Config, provider: string): string {
  return `${config.publicUrl}/oauth/${provider}/callback`;
}

function isHttps(config: Config): boolean {
  return config.publicUrl.startsWith("https:");
}
