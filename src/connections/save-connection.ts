import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import { resumeWaitingEvents } from "../conferencing/resume-waiting-events.ts";
import { scheduleWatch } from "../conferencing/watch-connection.ts";
import type { Schema } from "../db/schema.ts";
import type { ConnectionKind, GrantedConnection, TokenSet } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { sealTokens } from "./connection-secrets.ts";
import { type GrantKey, lockGrant, onGrant } from "./provider-grant.ts";

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
  /**
   * When the provider was asked for this grant, by the database's clock (see `grantClock`). A
   * connection on the same provider user that broke since then broke because this grant ended
   * its own, so it takes this one and works again.
   */
  exchangedSince?: Date;
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

/**
 * `saveConnection` inside a transaction the caller holds, for what must commit along with it.
 * Every other connection on the same provider user takes the new grant in the same transaction:
 * the provider has just ended the one they held.
 */
export async function saveConnectionIn(
  trx: Transaction<Schema>,
  vault: Vault,
  input: ConnectionToSave,
): Promise<{ id: string; renewed: boolean }> {
  const { grant } = input;
  const key: GrantKey = {
    provider: input.provider,
    kind: input.kind,
    external_key: grant.externalKey,
  };
  await lockGrant(trx, key);
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
  let saved: { id: string; renewed: boolean };
  if (existing) {
    await trx
      .updateTable("provider_connections")
      .set({ ...values, updated_at: sql`now()` })
      .where("id", "=", existing.id)
      .execute();
    saved = { id: existing.id, renewed: true };
  } else {
    saved = { id: newConnectionId(input.kind), renewed: false };
    await trx
      .insertInto("provider_connections")
      .values({
        id: saved.id,
        provider: input.provider,
        kind: input.kind,
        owner_ref: input.ownerRef,
        external_key: grant.externalKey,
        ...values,
      })
      .execute();
  }
  await passGrantToOthersIn(trx, vault, key, grant, {
    except: saved.id,
    brokenSince: input.exchangedSince,
  });
  // A connection, new or made again, serves the events waiting for it at once: an organization's
  // install whether or not the installer goes on to press Done, a person's profile wherever it
  // was connected from.
  await resumeWaitingEvents(
    trx,
    input.kind === "organization"
      ? { organizationId: input.ownerRef }
      : { ownerRef: input.ownerRef },
  );
  // Where the provider reports changes on its side only when asked per connection, a job asks
  // (or renews what was asked before), after this commits and never inside the request.
  await scheduleWatch(trx, { connectionId: saved.id });
  return saved;
}

/**
 * Gives a grant the provider just issued to the connections already on its user or account (all
 * but `except`), under the grant's lock: the provider ended the grant they held when it issued
 * this one, so without it they would fail at their next call. One that broke since `brokenSince`
 * broke only for that reason, works again, and its waiting events get another go. Returns how
 * many connections took the grant.
 */
export async function passGrantToOthersIn(
  trx: Kysely<Schema>,
  vault: Vault,
  key: GrantKey,
  tokens: TokenSet,
  options: { except?: string; brokenSince?: Date | undefined },
): Promise<number> {
  const { except, brokenSince } = options;
  const others = await trx
    .selectFrom("provider_connections")
    .select(["id", "kind", "owner_ref", "status"])
    .where(onGrant(key))
    .$if(except !== undefined, (query) => query.where("id", "<>", except as string))
    .where((eb) =>
      brokenSince === undefined
        ? eb("status", "=", "connected")
        : eb.or([
            eb("status", "=", "connected"),
            // A broken connection's updated_at is when it broke (see markConnectionBroken).
            eb.and([eb("status", "=", "broken"), eb("updated_at", ">=", brokenSince)]),
          ]),
    )
    .forUpdate()
    .execute();
  if (others.length === 0) return 0;
  await trx
    .updateTable("provider_connections")
    .set({
      ...sealTokens(vault, tokens),
      status: "connected",
      status_reason: null,
      refreshed_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where(
      "id",
      "in",
      others.map((other) => other.id),
    )
    .execute();
  for (const revived of others.filter((other) => other.status === "broken")) {
    await resumeWaitingEvents(
      trx,
      revived.kind === "organization"
        ? { organizationId: revived.owner_ref }
        : { ownerRef: revived.owner_ref },
    );
  }
  return others.length;
}
