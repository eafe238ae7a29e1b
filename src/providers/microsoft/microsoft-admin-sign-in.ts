import type { AuthorizationCallback, AuthorizationRequest } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { redeemCode, signInUrl } from "./microsoft-identity.ts";
import type { MicrosoftApp, MicrosoftSettings } from "./microsoft-settings.ts";

/**
 * The first step of an organization install: the person signs in at Microsoft with the
 * organization app (OpenID Connect, authorization code with PKCE), so that confab knows who they
 * are, in which tenant, and with which directory roles, before it sends them to that tenant's own
 * admin consent (v2-admin-consent, "Recommended: Sign the user into your app"). The tenant named
 * by admin consent's redirect is a query parameter anyone can edit; the one signed in here is
 * Microsoft's word.
 */

/** Signing in asks for nothing but who the person is. */
export const signInScopes = ["openid", "profile"];

/**
 * The role template ids (learn.microsoft.com/entra/identity/role-based-access-control/
 * permissions-reference) of the directory roles that may grant Microsoft Graph's application
 * permissions tenant-wide (grant-admin-consent, prerequisites).
 */
export const consentingRoles = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
};

/** Work and school accounts only: personal accounts cannot give admin consent. */
const signInAuthority = "organizations";

export function adminSignInUrl(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  request: AuthorizationRequest,
): URL {
  // Without a nonce (a URL made only for its origin), the sign-in cannot complete: its ID token
  // is checked against the round trip's nonce.
  return signInUrl(settings, app, request, {
    authority: signInAuthority,
    scopes: signInScopes,
    nonce: true,
  });
}

/** Who signed in for an install, from the ID token. */
export interface SignedInAdmin {
  tid: string;
  oid: string;
  /** Their user principal name, as Microsoft shows it (`preferred_username`). */
  username: string | undefined;
  /** Role template ids of their tenant-wide directory roles (`wids`). */
  roles: string[];
}

/**
 * Exchanges the sign-in's code, then reads the ID token. It came from the token endpoint over
 * TLS, so its signature need not be checked (OpenID Connect Core 3.1.3.7); its audience must be
 * this app, its issuer the tenant it names, its nonce this round trip's, and it must not have
 * expired.
 */
export async function signInAdmin(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  callback: AuthorizationCallback,
): Promise<SignedInAdmin> {
  const reply = await redeemCode(settings, app, callback, {
    authority: signInAuthority,
    scopes: signInScopes,
    notThisSignIn: "Microsoft's answer does not belong to this install: press Install again.",
    noCode: "Microsoft sent no sign-in back: press Install again. Nothing was installed.",
  });
  return adminOf(settings, app, reply.id_token, callback.nonce);
}

function adminOf(
  settings: MicrosoftSettings,
  app: MicrosoftApp,
  idToken: unknown,
  nonce: string | undefined,
): SignedInAdmin {
  const unreadable = () =>
    new ProviderError("unavailable", "Microsoft did not say clearly who signed in.");
  if (typeof idToken !== "string") throw unreadable();
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    throw unreadable();
  }
  const { tid, oid } = claims;
  if (typeof tid !== "string" || typeof oid !== "string") throw unreadable();
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    !audience.includes(app.clientId) ||
    claims.iss !== `${settings.authorityBaseUrl}/${tid}/v2.0` ||
    nonce === undefined ||
    claims.nonce !== nonce
  ) {
    throw new ProviderError(
      "rejected",
      "Microsoft's answer about who signed in is not for this install: press Install again. Nothing was installed.",
    );
  }
  if (typeof claims.exp !== "number" || claims.exp * 1000 <= Date.now()) {
    throw new ProviderError(
      "rejected",
      "Microsoft's sign-in had expired by the time it reached confab: press Install again. Nothing was installed.",
    );
  }
  const wids = Array.isArray(claims.wids) ? claims.wids : [];
  return {
    tid,
    oid,
    username: typeof claims.preferred_username === "string" ? claims.preferred_username : undefined,
    roles: wids.filter((role): role is string => typeof role === "string"),
  };
}

/** Whether the person may grant confab's application permissions for their whole tenant. */
export function mayConsentForTenant(admin: SignedInAdmin): boolean {
  return (
    admin.roles.includes(consentingRoles.globalAdministrator) ||
    admin.roles.includes(consentingRoles.privilegedRoleAdministrator)
  );
}
