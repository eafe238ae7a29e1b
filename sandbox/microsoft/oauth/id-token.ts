/**
 * The `id_token`: a JWT with the claims of the v2.0 ID token reference (`ver`, `iss`, `aud`,
 * `iat`, `nbf`, `exp`, `tid`, `oid`, `sub`, `preferred_username`, `name`, `nonce`, `email`).
 * Microsoft signs with RS256 keys published at its discovery document; the sandbox signs with
 * HS256 and the app's client secret (OpenID Connect's symmetric option), so a client can check
 * it without fetching keys.
 */
import { createHash, createHmac } from "node:crypto";
import type { App, User } from "../state.ts";

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
  const unsigned = `${base64url({ typ: "JWT", alg: "HS256" })}.${base64url(claims)}`;
  const signature = createHmac("sha256", app.client_secret).update(unsigned).digest("base64url");
  return `${unsigned}.${signature}`;
}
