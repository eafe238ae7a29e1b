import { type Kysely, sql } from "kysely";
import { scheduleAlert } from "../alerts/schedule-alert.ts";
import { confabActor, recordConnectionsLost } from "../audit/record-connections-lost.ts";
import { notifyProfilesDisconnected } from "../channels/notify-profile-disconnected.ts";
import type { Schema } from "../db/schema.ts";
import type { Vault } from "../vault/vault.ts";
import { accessTokenPurpose } from "./connection-secrets.ts";
import { type GrantKey, grantKeyOf, lockGrant, onGrant } from "./provider-grant.ts";
import { withoutTokens } from "./without-tokens.ts";

/** The access token a refused call was made with, so a grant renewed since is not broken. */
export interface RefusedAccess {
  vault: Vault;
  accessToken: string;
}

/**
 * The provider no longer honours this grant: its tokens are dead, so they are deleted, and the
 * connection says why until its owner reconnects, and its owner (or the organization's admins)
 * are told once, as are the account's notification channels, and the organizations' audit logs
 * say so. A removed connection stays removed.
 * Every connection on the same grant holds the same tokens, so all of them break together, each
 * told. With `refused`, nothing breaks when the connection's token is no longer the refused one
 * (a refresh or a new consent came in meanwhile): "superseded", and the caller may try again.
 */
export async function markConnectionBroken(
  db: Kysely<Schema>,
  connectionId: string,
  reason: string,
  refused?: RefusedAccess,
): Promise<"broken" | "superseded" | "unchanged"> {
  return db.transaction().execute(async (trx) => {
    const key = await trx
      .selectFrom("provider_connections")
      .select(["provider", "kind", "external_key"])
      .where("id", "=", connectionId)
      .executeTakeFirst();
    if (!key) return "unchanged";
    await lockGrant(trx, key);
    const current = await trx
      .selectFrom("provider_connections")
      .select(["status", "access_token"])
      .where("id", "=", connectionId)
      .executeTakeFirstOrThrow();
    if (current.status !== "connected") return "unchanged";
    if (
      refused &&
      current.access_token &&
      refused.vault.decrypt(current.access_token, accessTokenPurpose) !== refused.accessToken
    ) {
      return "superseded";
    }
    await breakGrantIn(trx, grantKeyOf(key), reason);
    return "broken";
  });
}

/** Breaks every working connection on the grant, telling each. Under the grant's lock. */
export async function breakGrantIn(
  trx: Kysely<Schema>,
  key: GrantKey,
  reason: string,
): Promise<void> {
  const broke = await trx
    .updateTable("provider_connections")
    // The moment it broke, not the transaction's start: a consent exchanged after it is not the
    // cause, one exchanged before it may be (see passGrantToOthersIn).
    .set({ ...withoutTokens("broken", reason), updated_at: sql<Date>`clock_timestamp()` })
    .where(onGrant(key))
    .where("status", "=", "connected")
    .returning(["id", "kind", "owner_ref", "provider", "email"])
    .execute();
  for (const { id } of broke) {
    await scheduleAlert(trx, { alert: "connection_broken", connectionId: id });
  }
  await notifyProfilesDisconnected(trx, broke);
  // The reason names the provider and what to do about it.
  await recordConnectionsLost(trx, broke, {
    loss: "refused",
    actor: confabActor,
    subject: (connection) => `${connection.email}: ${reason}`,
  });
}
