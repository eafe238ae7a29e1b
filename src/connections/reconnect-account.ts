import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ConferencingProvider, GrantedConnection } from "../providers/provider.ts";

/**
 * Why a reconnect came back with the wrong provider account, or undefined when it is the right
 * one. A relink link repairs one profile; connecting another account through it would let
 * whoever holds the link host its owner's meetings on an account of their own choosing.
 */
export async function wrongAccountForReconnect(
  db: Kysely<Schema>,
  provider: ConferencingProvider,
  reconnect: { connectionId: string; kind: string; ownerRef: string },
  grant: GrantedConnection,
): Promise<string | undefined> {
  const expected = await db
    .selectFrom("provider_connections")
    .select(["provider", "kind", "owner_ref", "external_key", "email"])
    .where("id", "=", reconnect.connectionId)
    .executeTakeFirst();
  const name = provider.displayName;
  if (
    !expected ||
    expected.provider !== provider.name ||
    expected.kind !== reconnect.kind ||
    expected.owner_ref !== reconnect.ownerRef
  ) {
    return `The ${name} profile this link reconnects no longer exists, so nothing was connected. Ask for a new link.`;
  }
  if (expected.external_key === grant.externalKey) return undefined;
  return `This link reconnects the ${name} account ${expected.email}, but you signed in to ${name} as ${grant.email}. Nothing was changed. Sign out of ${name}, press Reconnect again and sign in as ${expected.email}.`;
}
