/**
 * The `id_token`: a JWT with the claims of the v2.0 ID token reference (`ver`, `iss`, `aud`,
 * `iat`, `nbf`, `exp`, `tid`, `oid`, `sub`, `preferred_username`, `name`, `nonce`, `email`), and
 * `wids` (the user's tenant-wide directory roles, by role template id) when the app's
 * `groupMembershipClaims` is `DirectoryRole` or `All` (access-token-claims-reference, `wids`).
 * Microsoft signs with RS256 keys published at its discovery document; the sandbox signs with
 * HS256 and the app's client secret (OpenID Connect's symmetric option), so a client can check
 * it without fetching keys.
 */
import { createHash, createHmac } from "node:crypto";
import type { AdminRole, App, User } from "../state.ts";

/**
 * The directory roles' template ids (learn.microsoft.com/entra/identity/role-based-access-control/
 * permissions-reference). Every member of a tenant also holds the built-in "User" role template
 * `b79fbf4d-3ef9-4689-8143-76b194e85509`, which Microsoft lists in `wids` too.
 */
export const roleTemplateIds: Record<AdminRole, string> = {
  global_administrator: "62e90394-69f5-4237-9190-012177145e10",
  privileged_role_administrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  cloud_application_administrator: "158c047a-c907-4556-b7ef-446551a6b5f7",
};
const memberRoleTemplateId = "b79fbf4d-3ef9-4689-8143-76b194e85509";

/** Whether the app's `groupMembershipClaims` asks for directory roles in its tokens. */
export function emitsDirectoryRoles(app: App): boolean {
  const claims = app.group_membership_claims ?? "None";
  return claims === "DirectoryRole" || claims === "All";
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/**
 * A personal account's `oid` is its 16-hex-digit id behind zeros, as Microsoft shows it
 * (`00000000-0000-0000-6e7b-768e07e4c2f1`); a work account's is its object id.
 */
export function objectIdClaim(user: User): string {
  if (user.account_type === "work") return user.id;
  return `00000000-0000-0000-${user.id.slice(0, 4)}-${user.id.slice(4)}`;
}

export function issuer(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

export function idToken(input: {
  app: App;
  user: User;
  baseUrl: string;
  now: number;
  lifetimeSeconds: number;
  nonce: string | null;
  scopes: string[];
}): string {
  const { app, user } = input;
  const iat = Math.floor(input.now / 1000);
  // `sub` is pairwise: the same user has a different subject in every app.
  const sub = createHash("sha256").update(`${app.client_id}|${user.id}`).digest("base64url");
  const claims: Record<string, unknown> = {
    ver: "2.0",
    iss: issuer(input.baseUrl, user.tenant_id),
    aud: app.client_id,
    iat,
    nbf: iat,
    exp: iat + input.lifetimeSeconds,
    tid: user.tenant_id,
    oid: objectIdClaim(user),
    sub,
  };
  if (input.scopes.includes("profile")) {
    claims.name = user.display_name;
    claims.preferred_username = user.user_principal_name;
  }
  if (input.scopes.includes("email") && user.mail !== null) claims.email = user.mail;
  if (input.nonce !== null) claims.nonce = input.nonce;
  if (emitsDirectoryRoles(app) && user.account_type === "work") {
    claims.wids = [
      ...(user.admin_role === null ? [] : [roleTemplateIds[user.admin_role]]),
      memberRoleTemplateId,
    ];
  }
  const unsigned = `${base64url({ typ: "JWT", alg: "HS256" })}.${base64url(claims)}`;
  const signature = createHmac("sha256", app.client_secret).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}
