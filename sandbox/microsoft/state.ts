/**
 * Everything the identity side of the sandbox knows, in memory. One instance per running
 * sandbox; `resetState` empties it in place (the consumers tenant comes back) so routes holding a
 * reference keep working. Graph's calendar data is kept by graph/ itself.
 */

/** The tenant every personal Microsoft account belongs to (its `tid` claim). */
export const CONSUMERS_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";

export type AccountType = "work" | "personal";

/**
 * Directory roles that matter here. Global and Privileged Role Administrators may grant
 * tenant-wide consent to anything; a Cloud Application Administrator may too, except Microsoft
 * Graph application permissions (app roles).
 */
export type AdminRole =
  | "global_administrator"
  | "privileged_role_administrator"
  | "cloud_application_administrator";

export type SignInAudience = "AzureADMultipleOrgs" | "AzureADandPersonalMicrosoftAccount";

export interface Tenant {
  id: string;
  display_name: string;
  /** The verified domain users' principal names end with, e.g. `contoso.example`. */
  domain: string;
  created_at: number;
}

export interface User {
  /** An object id (GUID) for a work account; a 16-hex-digit id for a personal account. */
  id: string;
  tenant_id: string;
  user_principal_name: string;
  mail: string | null;
  display_name: string;
  given_name: string | null;
  surname: string | null;
  job_title: string | null;
  account_type: AccountType;
  teams_licensed: boolean;
  has_mailbox: boolean;
  admin_role: AdminRole | null;
  created_at: number;
}

export interface App {
  client_id: string;
  client_secret: string;
  name: string;
  redirect_uris: string[];
  sign_in_audience: SignInAudience;
  /** Graph application permissions (app roles) the app asks a tenant's admin for. */
  application_permissions: string[];
  /** Graph delegated permissions configured on the app: what `.default` stands for. */
  delegated_permissions: string[];
  /** The manifest's `groupMembershipClaims`: which group and role claims tokens carry. */
  group_membership_claims?: GroupMembershipClaims;
}

/** The manifest's values (reference-app-manifest); Microsoft's default is `None`. */
export type GroupMembershipClaims =
  | "None"
  | "SecurityGroup"
  | "DirectoryRole"
  | "ApplicationGroup"
  | "All";

/**
 * The app's presence in one tenant (an "enterprise application"): created by the first consent
 * there, holding what an admin granted tenant-wide. Deleting it ends every consent in the tenant.
 */
export interface ServicePrincipal {
  id: string;
  client_id: string;
  tenant_id: string;
  /** Application permissions an admin consented to: the `roles` of app-only tokens. */
  app_roles: string[];
  /** Delegated permissions an admin consented to on behalf of every user of the tenant. */
  tenant_wide_scopes: string[];
  admin_consented_by: string | null;
  created_at: number;
}

/** Delegated permissions one user consented to for one app (an oauth2PermissionGrant). */
export interface DelegatedGrant {
  id: string;
  client_id: string;
  tenant_id: string;
  user_id: string;
  scopes: string[];
  created_at: number;
}

export interface AuthorizationCode {
  code: string;
  client_id: string;
  user_id: string;
  tenant_id: string;
  redirect_uri: string;
  /** Normalised scopes: Graph permissions by name (`User.Read`) and the OpenID scopes. */
  scopes: string[];
  nonce: string | null;
  code_challenge: string | null;
  code_challenge_method: "S256" | "plain" | null;
  expires_at: number;
  used: boolean;
}

export interface AccessToken {
  token: string;
  client_id: string;
  tenant_id: string;
  /** Undefined for an app-only token. */
  user_id: string | null;
  /** Delegated scopes (`scp`) or application roles (`roles`). */
  permissions: string[];
  expires_at: number;
}

export interface RefreshToken {
  token: string;
  client_id: string;
  tenant_id: string;
  user_id: string;
  scopes: string[];
  expires_at: number;
  /** Set when the consent behind it is removed: Microsoft then refuses it (AADSTS50173). */
  revoked: boolean;
}

export interface SandboxState {
  tenants: Map<string, Tenant>;
  users: Map<string, User>;
  apps: Map<string, App>;
  servicePrincipals: Map<string, ServicePrincipal>;
  delegatedGrants: Map<string, DelegatedGrant>;
  codes: Map<string, AuthorizationCode>;
  accessTokens: Map<string, AccessToken>;
  refreshTokens: Map<string, RefreshToken>;
}

function consumersTenant(): Tenant {
  return {
    id: CONSUMERS_TENANT_ID,
    display_name: "Microsoft accounts (consumers)",
    domain: "consumers",
    created_at: 0,
  };
}

export function createState(): SandboxState {
  const state: SandboxState = {
    tenants: new Map(),
    users: new Map(),
    apps: new Map(),
    servicePrincipals: new Map(),
    delegatedGrants: new Map(),
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
  };
  state.tenants.set(CONSUMERS_TENANT_ID, consumersTenant());
  return state;
}

export function resetState(state: SandboxState): void {
  for (const map of Object.values(state)) map.clear();
  state.tenants.set(CONSUMERS_TENANT_ID, consumersTenant());
}

/** Signing in takes the user principal name or, as Microsoft's sign-in does, the email. */
export function findUserBySignInName(state: SandboxState, name: string): User | undefined {
  const wanted = name.trim().toLowerCase();
  for (const user of state.users.values()) {
    if (user.user_principal_name.toLowerCase() === wanted) return user;
    if (user.mail?.toLowerCase() === wanted) return user;
  }
  return undefined;
}

/** Graph's `{id | userPrincipalName}` path segment, within one tenant. */
export function findUserInTenant(
  state: SandboxState,
  tenantId: string,
  idOrUpn: string,
): User | undefined {
  const wanted = idOrUpn.toLowerCase();
  for (const user of state.users.values()) {
    if (user.tenant_id !== tenantId) continue;
    if (user.id.toLowerCase() === wanted || user.user_principal_name.toLowerCase() === wanted) {
      return user;
    }
  }
  return undefined;
}

export function servicePrincipalKey(tenantId: string, clientId: string): string {
  return `${tenantId}|${clientId}`;
}

export function delegatedGrantKey(tenantId: string, clientId: string, userId: string): string {
  return `${tenantId}|${clientId}|${userId}`;
}
