import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/** A person's own connection to a provider account, as the application API names it. */
export interface ConferencingProfile {
  id: string;
  providerName: string;
  /** The provider account's email. */
  profileName: string;
  status: "connected" | "broken" | "removed";
  statusReason: string | null;
  isDefault: boolean;
  createdAt: Date;
}

/**
 * An owner's profiles that are not removed, oldest first. "Default" is the one chosen, or else
 * the oldest, so there is always one while any profile is left.
 */
export async function listConferencingProfiles(
  db: Kysely<Schema>,
  ownerRef: string,
): Promise<ConferencingProfile[]> {
  const rows = await db
    .selectFrom("provider_connections")
    .leftJoin(
      "conferencing_defaults",
      "conferencing_defaults.profile_id",
      "provider_connections.id",
    )
    .select([
      "provider_connections.id",
      "provider_connections.provider",
      "provider_connections.email",
      "provider_connections.status",
      "provider_connections.status_reason",
      "provider_connections.created_at",
      "conferencing_defaults.owner_ref as chosen",
    ])
    .where("provider_connections.kind", "=", "personal")
    .where("provider_connections.owner_ref", "=", ownerRef)
    .where("provider_connections.status", "<>", "removed")
    .orderBy("provider_connections.created_at")
    .orderBy("provider_connections.id")
    .execute();
  const chosen = rows.find((row) => row.chosen !== null)?.id ?? rows[0]?.id;
  return rows.map((row) => ({
    id: row.id,
    providerName: row.provider,
    profileName: row.email,
    status: row.status,
    statusReason: row.status_reason,
    isDefault: row.id === chosen,
    createdAt: row.created_at,
  }));
}

/**
 * The profile a request names: "default", or one of the owner's own `pro_…` ids (a removed one
 * included, so the event can say what happened to it). Undefined when there is none.
 */
export async function resolveConferencingProfile(
  db: Kysely<Schema>,
  ownerRef: string,
  profileId: string,
): Promise<ConferencingProfile | undefined> {
  if (profileId === "default") {
    return (await listConferencingProfiles(db, ownerRef)).find((profile) => profile.isDefault);
  }
  const row = await db
    .selectFrom("provider_connections")
    .select(["id", "provider", "email", "status", "status_reason", "created_at"])
    .where("kind", "=", "personal")
    .where("owner_ref", "=", ownerRef)
    .where("id", "=", profileId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    providerName: row.provider,
    profileName: row.email,
    status: row.status,
    statusReason: row.status_reason,
    isDefault: false,
    createdAt: row.created_at,
  };
}

/** Makes one of the owner's profiles the one "default" means. */
export async function setDefaultProfile(
  db: Kysely<Schema>,
  ownerRef: string,
  profileId: string,
): Promise<void> {
  const profile = await resolveConferencingProfile(db, ownerRef, profileId);
  if (!profile || profile.status === "removed") {
    throw new DomainError("not_found", "There is no such conferencing service on your account.");
  }
  await db
    .insertInto("conferencing_defaults")
    .values({ owner_ref: ownerRef, profile_id: profileId })
    .onConflict((oc) =>
      oc.column("owner_ref").doUpdateSet({ profile_id: profileId, updated_at: sql`now()` }),
    )
    .execute();
}

/**
 * The profile that took a removed one's place: the same person connected the same provider
 * account again (a new connection, so a new id). Events that name the removed id are made with
 * it, as the person meant.
 */
export async function reconnectedProfile(
  db: Kysely<Schema>,
  ownerRef: string,
  removed: ConferencingProfile,
): Promise<ConferencingProfile | undefined> {
  const row = await db
    .selectFrom("provider_connections as successor")
    .innerJoin("provider_connections as gone", (join) =>
      join
        .onRef("gone.provider", "=", "successor.provider")
        .onRef("gone.external_key", "=", "successor.external_key")
        .onRef("gone.owner_ref", "=", "successor.owner_ref"),
    )
    .select(["successor.id"])
    .where("gone.id", "=", removed.id)
    .where("successor.kind", "=", "personal")
    .where("successor.owner_ref", "=", ownerRef)
    .where("successor.status", "=", "connected")
    .orderBy("successor.created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? resolveConferencingProfile(db, ownerRef, row.id) : undefined;
}
