import { randomBytes } from "node:crypto";
import type { SingleUseLink } from "../connections/spent-links.ts";
import { DomainError } from "../domain-error.ts";
import type { Vault } from "../vault/vault.ts";

/**
 * A link that carries its own claims, sealed with the instance's secret key (AES-GCM is
 * authenticated: a changed byte does not open), so the link itself says who it is for and
 * until when, and nobody can make one up.
 */
export function sealLink(
  vault: Vault,
  purpose: string,
  claims: Record<string, string>,
  ttlMs: number,
  issuedAt: Date = new Date(),
) {
  return vault.encrypt(JSON.stringify({ ...claims, exp: issuedAt.getTime() + ttlMs }), purpose);
}

export function openLink(
  vault: Vault,
  purpose: string,
  token: string,
  at: Date = new Date(),
): Record<string, string> & { exp: number } {
  let claims: Record<string, string | number>;
  try {
    claims = JSON.parse(vault.decrypt(token, purpose));
  } catch {
    throw new DomainError("not_found", "This link is not valid. Ask for a new one.");
  }
  if (typeof claims.exp !== "number" || claims.exp < at.getTime()) {
    throw new DomainError("not_found", "This link has expired. Ask for a new one.");
  }
  return claims as Record<string, string> & { exp: number };
}

const relinkPurpose = "conferencing.relink_link";
/** Long enough to act on a mail the next day; short enough that a link found later is dead. */
export const relinkLifetimeMs = 24 * 3600_000;

export interface RelinkLink {
  profileId: string;
  ownerRef: string;
  /** What the reconnect spends: the link's one-time id and its expiry. */
  once: SingleUseLink;
}

/**
 * Where the owner of a broken profile connects it again, without signing in to confab. It works
 * for a day, for that profile's own provider account only, and once: it is spent by the
 * reconnect that succeeds (see src/connections/authorize-connection.ts), not by opening it, and
 * not by a consent that was declined or came back with another account, so that a person who
 * signed in to the wrong account at the provider can simply try again. Nothing is stored when it
 * is made: a spent link is remembered by a hash of its one-time id.
 */
export function relinkUrl(
  vault: Vault,
  publicUrl: string,
  profileId: string,
  ownerRef: string,
  issuedAt: Date = new Date(),
) {
  const linkId = randomBytes(16).toString("base64url");
  const token = sealLink(
    vault,
    relinkPurpose,
    { profileId, ownerRef, linkId },
    relinkLifetimeMs,
    issuedAt,
  );
  return `${publicUrl}/conferencing/relink?token=${encodeURIComponent(token)}`;
}

export function openRelinkLink(vault: Vault, token: string, at: Date = new Date()): RelinkLink {
  const claims = openLink(vault, relinkPurpose, token, at);
  // A link sealed before links became single use has no one-time id to spend: it is not honoured.
  if (
    typeof claims.linkId !== "string" ||
    typeof claims.profileId !== "string" ||
    typeof claims.ownerRef !== "string"
  ) {
    throw new DomainError("not_found", "This link is no longer valid. Ask for a new one.");
  }
  return {
    profileId: claims.profileId,
    ownerRef: claims.ownerRef,
    once: { id: claims.linkId, expiresAt: new Date(claims.exp) },
  };
}
