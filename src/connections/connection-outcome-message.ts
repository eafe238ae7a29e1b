import type { Vault } from "../vault/vault.ts";

const purpose = "connection_outcome.message";

/**
 * Why a connection was refused travels back to the page in the redirect's query string. It is
 * sealed, so that a page shows only what confab itself said: a crafted link cannot put words of
 * its choosing in confab's alert box.
 */
export function sealOutcomeMessage(vault: Vault, message: string): string {
  return vault.encrypt(message, purpose);
}

/** The message, when it is one confab sealed; otherwise nothing. */
export function openOutcomeMessage(vault: Vault, sealed: string | undefined): string | undefined {
  if (!sealed) return undefined;
  try {
    return vault.decrypt(sealed, purpose);
  } catch {
    return undefined;
  }
}
