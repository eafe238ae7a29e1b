import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ConnectionKind, TokenSet } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { sealTokens } from "./connection-secrets.ts";

/**
 * The provider user (personal) or provider account (organization) a connection stands on. A
 * provider keeps one grant per user and app: a person who connects the same Zoom user from an
 * application's hosted link and from their own account page gives Zoom two consents, and the
 * second ends the first's tokens. So every connection on one grant key holds the same token pair
 * (each row its own copy, sealed as every token is), and the pair changes only under the grant's
 * lock, for all of them in one transaction: the copies never differ.
 */
export interface GrantKey {
  provider: string;
  kind: ConnectionKind;
  external_key: string;
}

export function grantKeyOf(row: GrantKey): GrantKey {
  return { provider: row.provider, kind: row.kind, external_key: row.external_key };
}

/**
 * Takes the grant's lock to the end of the caller's transaction, across every process: refreshes,
 * new consents, breaks and removals of the connections on one grant take turns. Always taken
 * before any of their rows is locked, so two of them never wait on each other.
 */
export async function lockGrant(trx: Kysely<Schema>, key: GrantKey): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${grantLockName(key)}, 0))`.execute(trx);
}

/** What the grant's advisory lock is keyed by (a 64-bit hash of it), for whoever looks at locks. */
export function grantLockName(key: GrantKey): string {
  return `provider_grant:${key.provider}:${key.kind}:${key.external_key}`;
}

/** A `where` for the connections on the grant, whatever their state. */
export function onGrant(key: GrantKey) {
  return (eb: ExpressionBuilder<Schema, "provider_connections">) =>
    eb.and([
      eb("provider", "=", key.provider),
      eb("kind", "=", key.kind),
      eb("external_key", "=", key.external_key),
    ]);
}

/**
 * The database's clock now, not the transaction's start: what a break is stamped with and what a
 * consent's exchange is timed by, so the two compare whichever process wrote them.
 */
export async function grantClock(db: Kysely<Schema>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  return (rows[0] as { now: Date }).now;
}

/** Writes a refreshed pair to every connection still working on the grant. Under its lock. */
export async function shareRefreshedTokensIn(
  trx: Kysely<Schema>,
  vault: Vault,
  key: GrantKey,
  tokens: TokenSet,
): Promise<void> {
  await trx
    .updateTable("provider_connections")
    .set({
      ...sealTokens(vault, tokens),
      refreshed_at: sql`now()`,
      refresh_count: sql`refresh_count + 1`,
      updated_at: sql`now()`,
    })
    .where(onGrant(key))
    .where("status", "=", "connected")
    .execute();
}
