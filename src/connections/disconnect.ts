import type { Kysely } from "kysely";
import { notifyProfilesDisconnected } from "../channels/notify-profile-disconnected.ts";
import { endWatchIn } from "../conferencing/watch-connection.ts";
import type { Schema } from "../db/schema.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { accessTokenPurpose } from "./connection-secrets.ts";
import { grantKeyOf, lockGrant, onGrant } from "./provider-grant.ts";
import { withoutTokens } from "./without-tokens.ts";

/**
 * Removes a connection: the grant is revoked at the provider, then confab's copy of the tokens is
 * deleted, even when the provider could not be told (that is recorded, for the operator). The
 * meetings made with it are left as they are. A profile that was working when it was removed is
 * announced to its account's notification channels, in the same transaction as the removal.
 *
 * While another connection still works on the same grant (the same provider user connected from
 * another application calendar or a person's own page), the grant is not revoked: only this
 * connection's copy of it goes. F4 asks removal to end confab's link through this profile and
 * stop the meetings made with it; the provider's grant is one per user and app, and revoking it
 * would silently end profiles whose owners asked nothing. The last connection to go revokes it,
 * and uninstalling confab at the provider (F5) still ends them all, each told.
 */
export async function disconnect(
  deps: { db: Kysely<Schema>; vault: Vault; provider: ConferencingProvider },
  connectionId: string,
): Promise<{ revokedAtProvider: boolean }> {
  const { db, vault, provider } = deps;
  const row = await db
    .selectFrom("provider_connections")
    .select(["provider", "kind", "external_key", "status"])
    .where("id", "=", connectionId)
    .executeTakeFirst();
  if (!row || row.status === "removed") return { revokedAtProvider: false };
  const key = grantKeyOf(row);

  return db.transaction().execute(async (trx) => {
    // Under the grant's lock no connection joins or leaves it, nor refreshes it, until this one
    // is gone; and read again, as it may have broken meanwhile (its channels were told then).
    await lockGrant(trx, key);
    const before = await trx
      .selectFrom("provider_connections")
      .select(["id", "status", "kind", "owner_ref", "provider", "email", "access_token"])
      .where("id", "=", connectionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (before.status === "removed") return { revokedAtProvider: false };
    const othersOnGrant = await trx
      .selectFrom("provider_connections")
      .select("id")
      .where(onGrant(key))
      .where("status", "=", "connected")
      .where("id", "<>", connectionId)
      .execute();

    let revokeFailure: string | null = null;
    const revoking = before.access_token !== null && othersOnGrant.length === 0;
    if (revoking) {
      try {
        await provider.revoke(
          before.kind,
          vault.decrypt(before.access_token as string, accessTokenPurpose),
        );
      } catch (error) {
        revokeFailure = `${new Date().toISOString()}: ${(error as Error).message}`;
      }
    }
    await endWatchIn(trx, { vault, provider }, connectionId);
    await trx
      .updateTable("provider_connections")
      .set({
        ...withoutTokens("removed", "This connection was removed."),
        revoke_failure: revokeFailure,
      })
      .where("id", "=", connectionId)
      .execute();
    if (before.status === "connected") await notifyProfilesDisconnected(trx, [before]);
    return { revokedAtProvider: revoking && revokeFailure === null };
  });
}
