/**
 * Scopes and permissions as the identity platform reads them: the OpenID Connect scopes, Graph
 * permissions named with or without the `https://graph.microsoft.com/` prefix, and the words the
 * consent pages use for them.
 */

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Microsoft Graph's application id, which also names it as a resource. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export const OPENID_SCOPES = ["openid", "profile", "email", "offline_access"] as const;

const DESCRIPTIONS: Record<string, string> = {
  openid: "Sign you in",
  profile: "View your basic profile",
  email: "View your email address",
  offline_access: "Maintain access to data you have given it access to",
  "User.Read": "Sign you in and read your profile",
  "User.ReadBasic.All": "Read all users' basic profiles",
  "User.Read.All": "Read all users' full profiles",
  "Calendars.Read": "Read your calendars",
  "Calendars.ReadWrite": "Have full access to your calendars",
  "OnlineMeetings.Read": "Read your online meetings",
  "OnlineMeetings.ReadWrite": "Read and create your online meetings",
};

const APPLICATION_DESCRIPTIONS: Record<string, string> = {
  "User.Read.All": "Read all users' full profiles",
  "Calendars.Read": "Read calendars in all mailboxes",
  "Calendars.ReadWrite": "Read and write calendars in all mailboxes",
  "OnlineMeetings.Read.All": "Read online meeting details",
  "OnlineMeetings.ReadWrite.All": "Read and create online meetings",
};

/**
 * Delegated permissions that need an administrator's consent: a user without an admin role is
 * stopped at "Need admin approval" unless an admin already granted them tenant-wide.
 */
const ADMIN_CONSENT_REQUIRED = new Set(["User.Read.All", "Directory.Read.All"]);

/** `https://graph.microsoft.com/User.Read` and `User.Read` are the same permission. */
export function normaliseScope(scope: string): string {
  for (const prefix of [`${GRAPH_RESOURCE}/`, `${GRAPH_APP_ID}/`]) {
    if (scope.toLowerCase().startsWith(prefix)) return scope.slice(prefix.length);
  }
  return scope;
}

export function parseScopes(scope: string | undefined): string[] {
  const scopes = (scope ?? "").split(/\s+/).filter((part) => part !== "");
  return [...new Set(scopes.map(normaliseScope))];
}

export function isOpenIdScope(scope: string): boolean {
  return (OPENID_SCOPES as readonly string[]).includes(scope);
}

/** The delegated Graph permissions among the scopes (what `scp` carries). */
export function graphScopes(scopes: string[]): string[] {
  return scopes.filter((scope) => !isOpenIdScope(scope));
}

export function needsAdminConsent(scope: string): boolean {
  return ADMIN_CONSENT_REQUIRED.has(scope);
}

export function describeDelegated(scope: string): string {
  return DESCRIPTIONS[scope] ?? `${scope} (Microsoft Graph)`;
}

export function describeApplication(permission: string): string {
  return `${APPLICATION_DESCRIPTIONS[permission] ?? permission} (application permission ${permission})`;
}

/** Scopes as token replies show them: Graph's with the resource prefix, OpenID's bare. */
export function scopeReply(scopes: string[]): string {
  return scopes
    .map((scope) => (isOpenIdScope(scope) ? scope : `${GRAPH_RESOURCE}/${scope}`))
    .join(" ");
}
