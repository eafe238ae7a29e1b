import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ConnectionKind, GrantedConnection } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { sealTokens } from "./connection-secrets.ts";

/**
 * A personal connection is what the application API calls a conferencing profile, so its id
 * reads like one (`pro_…`); an organization's install is an integration (`int_…`).
 */
export function newConnectionId(kind: ConnectionKind): string {
  return `${kind === "personal" ? "pro" : "int"}_${randomBytes(12).toString("base64url")}`;
}

interface ConnectionToSave {
  provider: string;
  kind: ConnectionKind;
  ownerRef: string;
  grant: GrantedConnection;
}

/**
 * Stores a grant. Connecting the same provider account again (a reconnect, or a second consent)
 * renews the existing connection, keeping its id, so whatever refers to it keeps working.
 */
export function saveConnection(
  db: Kysely<Schema>,
  vault: Vault,
  input: ConnectionToSave,
): Promise<{ id: string; renewed: boolean }> {
  return db.transaction().execute((trx) => saveConnectionIn(trx, vault, input));
}

/** `saveConnection` inside a transaction the caller holds, for what must commit along with it. */
export async function saveConnectionIn(
  trx: Transaction<Schema>,
  vault: Vault,
  input: ConnectionToSave,
): Promise<{ id: string; renewed: boolean }> {
  const { grant } = input;
  const values = {
    external_account_id: grant.externalAccountId,
    external_user_id: grant.externalUserId,
    email: grant.email,
    display_name: grant.displayName,
    ...sealTokens(vault, grant),
    status: "connected" as const,
    status_reason: null,
    refreshed_at: new Date(),
  };
  const existing = await trx
    .selectFrom("provider_connections")
    .select("id")
    .where("provider", "=", input.provider)
    .where("kind", "=", input.kind)
    .where("owner_ref", "=", input.ownerRef)
    .where("external_key", "=", grant.externalKey)
    .where("status", "<>", "removed")
    .forUpdate()
    .executeTakeFirst();
  if (existing) {
    await trx
      .updateTable("provider_connections")
      .set({ ...values, updated_at: sql`now()` })
      .where("id", "=", existing.id)
      .execute();
    return { id: existing.id, renewed: true };
  }
  const id = newConnectionId(input.kind);
  await trx
    .insertInto("provider_connections")
    .values({
      id,
      provider: input.provider,
      kind: input.kind,
      owner_ref: input.ownerRef,
      external_key: grant.externalKey,
      ...values,
    })
    .execute();
  return { id, renewed: false };
}
