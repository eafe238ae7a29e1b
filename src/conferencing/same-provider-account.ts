import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Whether two connections are the same person's account at the same provider: a profile removed
 * and then connected again is a new connection, but the meetings it made are still that
 * person's, and an event keeps its meeting (and join link) across the reconnect. The external key
 * is the provider's user for a personal connection and its account for an organization's install,
 * so an organization installing again keeps its meetings too. The same three columns are the key
 * of the one grant such connections share at the provider (connections/provider-grant.ts).
 */
export async function sameProviderAccount(
  db: Kysely<Schema>,
  connectionA: string,
  connectionB: string,
): Promise<boolean> {
  const rows = await db
    .selectFrom("provider_connections")
    .select(["provider", "kind", "external_key"])
    .where("id", "in", [connectionA, connectionB])
    .execute();
  const [a, b] = rows;
  return (
    rows.length === 2 &&
    a !== undefined &&
    b !== undefined &&
    a.provider === b.provider &&
    a.kind === b.kind &&
    a.external_key === b.external_key
  );
}

/**
 * The connection to reach a meeting through: its own while connected, else a connected one of
 * the same account (the install made again after an uninstall); undefined while there is none.
 */
export async function connectedSameAccount(
  db: Kysely<Schema>,
  connectionId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("provider_connections as made")
    .innerJoin("provider_connections as now", (join) =>
      join
        .onRef("now.provider", "=", "made.provider")
        .onRef("now.kind", "=", "made.kind")
        .onRef("now.external_key", "=", "made.external_key"),
    )
    .select("now.id")
    .where("made.id", "=", connectionId)
    .where("now.status", "=", "connected")
    .orderBy((eb) => eb.case().when("now.id", "=", connectionId).then(0).else(1).end())
    .executeTakeFirst();
  return row?.id;
}
