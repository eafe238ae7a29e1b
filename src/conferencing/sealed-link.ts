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
) {
  return vault.encrypt(JSON.stringify({ ...claims, exp: Date.now() + ttlMs }), purpose);
}

export function openLink(vault: Vault, purpose: string, token: string): Record<string, string> {
  let claims: Record<string, string | number>;
  try {
    claims = JSON.parse(vault.decrypt(token, purpose));
  } catch {
    throw new DomainError("not_found", "This link is not valid. Ask for a new one.");
  }
  if (typeof claims.exp !== "number" || claims.exp < Date.now()) {
    throw new DomainError("not_found", "This link has expired. Ask for a new one.");
  }
  return claims as Record<string, string>;
}

const relinkPurpose = "conferencing.relink_link";

/** Where the owner of a broken profile connects it again, without signing in to confab. */
export function relinkUrl(vault: Vault, publicUrl: string, profileId: string, ownerRef: string) {
  const token = sealLink(vault, relinkPurpose, { profileId, ownerRef }, 30 * 24 * 3600_000);
  return `${publicUrl}/conferencing/relink?token=${encodeURIComponent(token)}`;
}

export function openRelinkLink(vault: Vault, token: string) {
  const claims = openLink(vault, relinkPurpose, token);
  return { profileId: claims.profileId as string, ownerRef: claims.ownerRef as string };
}
