import type { Config } from "../config.ts";

/**
 * The cookie that ties an OAuth round trip to the browser that started it: set when the person
 * is sent to the provider, checked and cleared when they come back. SameSite=Lax lets it ride
 * along on the provider's redirect back, and on nothing a third site could forge.
 */
export const bindingCookie = "confab_oauth";

export function bindingCookieOptions(config: Config) {
  return {
    path: "/",
    httpOnly: true,
    sameSite: "lax" as const,
    secure: config.publicUrl.startsWith("https:"),
    maxAge: 10 * 60,
  };
}

/** The one redirect URI confab registers with a provider, for both connection kinds. */
export function oauthRedirectUri(config: Config, provider: string): string {
  return `${config.publicUrl}/oauth/${provider}/callback`;
}
