import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { accessTokenPurpose } from "./connection-secrets.ts";
import { withoutTokens } from "./without-tokens.ts";

/**
 * Removes a connection: the grant is revoked at the provider, then confab's copy of the tokens is
 * deleted, even when the provider could not be told (that is recorded, for the operator). The
 * meetings made with it are left as they are.
 */
export async function disconnect(
  deps: { db: Kysely<Schema>; vault: Vault; provider: ConferencingProvider },
  connectionId: string,
): Promise<{ revokedAtProvider: boolean }> {
  const { db, vault, provider } = deps;
  const row = await db
    .selectFrom("provider_connections")
    .select(["kind", "access_token", "status"])
    .where("id", "=", connectionId)
    .executeTakeFirst();
  if (!row || row.status === "removed") return { revokedAtProvider: false };

  let revokeFailure: string | null = null;
  if (row.access_token) {
    try {
      await provider.revoke(row.kind, vault.decrypt(row.access_token, accessTokenPurpose));
    } catch (error) {
      revokeFailure = `${new Date().toISOString()}: ${(error as Error).message}`;
    }
  }
  await db
    .updateTable("provider_connections")
    .set({
      ...withoutTokens("removed", "This connection was removed."),
      revoke_failure: revokeFailure,
    })
    .where("id", "=", connectionId)
    .execute();
  return { revokedAtProvider: row.access_token !== null && revokeFailure === null };
}
