import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * An organization's install of a provider (F7): a provider connection owned by the organization,
 * not by the admin who installed it (F13), so it outlives that admin's membership.
 */
export interface OrganizationIntegration {
  id: string;
  provider: string;
  status: "connected" | "broken";
  statusReason: string | null;
  /** Who consented at the provider: the installer's provider email. */
  email: string;
  displayName: string;
  /** The provider's account the meetings are made in. */
  accountId: string;
  /** The licensed user who hosts under a program's "host account" rule, when one is named. */
  hostAccountEmail: string | null;
  installedAt: Date;
}

/** The organization's current install of `provider`, connected ones first; removed ones are gone. */
export async function findOrganizationIntegration(
  db: Kysely<Schema>,
  organizationId: string,
  provider: string,
): Promise<OrganizationIntegration | undefined> {
  const row = await db
    .selectFrom("provider_connections")
    .select([
      "id",
      "provider",
      "status",
      "status_reason",
      "email",
      "display_name",
      "external_account_id",
      "host_account_email",
      "created_at",
    ])
    .where("kind", "=", "organization")
    .where("owner_ref", "=", organizationId)
    .where("provider", "=", provider)
    .where("status", "<>", "removed")
    .orderBy((eb) => eb("status", "=", "connected"), "desc")
    .orderBy("updated_at", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row || row.status === "removed") return undefined;
  return {
    id: row.id,
    provider: row.provider,
    status: row.status,
    statusReason: row.status_reason,
    email: row.email,
    displayName: row.display_name,
    accountId: row.external_account_id,
    hostAccountEmail: row.host_account_email,
    installedAt: row.created_at,
  };
}
