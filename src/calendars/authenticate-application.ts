import { timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { clientSecretPurpose } from "../orgs/applications.ts";
import { suspensionRefusal } from "../orgs/organization-suspension.ts";
import type { Vault } from "../vault/vault.ts";

export interface AuthenticatedApplication {
  id: string;
  organizationId: string;
  name: string;
  clientId: string;
  redirectUris: string[];
}

/**
 * Checks an application's client credentials, in constant time. An unknown client id and a
 * wrong secret get the same answer, so neither can be probed. Only an application that proved
 * itself learns that its organization is suspended, and why.
 */
export async function authenticateApplication(
  db: Kysely<Schema>,
  vault: Vault,
  clientId: string | undefined,
  clientSecret: string | undefined,
): Promise<AuthenticatedApplication> {
  const refuse = () =>
    new DomainError("unauthenticated", "The client_id and client_secret do not match.");
  if (!clientId || !clientSecret) throw refuse();
  const row = await db
    .selectFrom("applications")
    .innerJoin("organizations", "organizations.id", "applications.organization_id")
    .select([
      "applications.id",
      "applications.organization_id",
      "applications.name",
      "applications.client_id",
      "applications.client_secret",
      "applications.redirect_uris",
      "organizations.name as organization_name",
      "organizations.suspended_reason",
    ])
    .where("applications.client_id", "=", clientId)
    .executeTakeFirst();
  if (!row) throw refuse();
  const expected = Buffer.from(vault.decrypt(row.client_secret, clientSecretPurpose));
  const given = Buffer.from(clientSecret);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse();
  if (row.suspended_reason !== null) {
    throw await suspensionRefusal(db, {
      name: row.organization_name,
      suspendedReason: row.suspended_reason,
    });
  }
  return {
    id: row.id,
    organizationId: row.organization_id,
    name: row.name,
    clientId: row.client_id,
    redirectUris: row.redirect_uris,
  };
}

/** The application's client secret: it keys the signatures of its push notifications. */
export async function applicationSecret(
  db: Kysely<Schema>,
  vault: Vault,
  applicationId: string,
): Promise<string> {
  const row = await db
    .selectFrom("applications")
    .select("client_secret")
    .where("id", "=", applicationId)
    .executeTakeFirstOrThrow();
  return vault.decrypt(row.client_secret, clientSecretPurpose);
}
