import type { TokenSet } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";

export const accessTokenPurpose = "provider_connections.access_token";
export const refreshTokenPurpose = "provider_connections.refresh_token";

/** Tokens as stored: encrypted, each under its own purpose. */
export function sealTokens(vault: Vault, tokens: TokenSet) {
  return {
    access_token: vault.encrypt(tokens.accessToken, accessTokenPurpose),
    refresh_token: vault.encrypt(tokens.refreshToken, refreshTokenPurpose),
    access_token_expires_at: tokens.expiresAt,
    scopes: tokens.scopes.join(" "),
  };
}
