import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { type AuditActor, recordAuditEntry } from "./record-audit-entry.ts";

/** A connection that stopped working, as the update that ended it returns it. */
export interface LostConnection {
  kind: "personal" | "organization";
  owner_ref: string;
  email: string;
}

/**
 * Why it stopped: the provider told confab it was removed on the provider's side (an uninstall
 * in the provider's app marketplace), or the provider refused it when confab used it.
 */
export type ConnectionLoss = "removed_at_provider" | "refused";

const actions: Record<ConnectionLoss, Record<LostConnection["kind"], string>> = {
  removed_at_provider: {
    organization: "integration.uninstalled_at_provider",
    personal: "profile.disconnected_at_provider",
  },
  refused: { organization: "integration.broken", personal: "profile.broken" },
};

/** confab itself, when it acts on what a provider answered rather than on anyone's request. */
export const confabActor: AuditActor = { userId: null, label: "confab" };

/**
 * Records connections that stopped working without anyone in confab acting, so an admin who
 * finds meetings failing sees when and why. An organization's install goes in that
 * organization's log. A personal profile goes in the log of each organization whose application
 * holds it (an application calendar's account): the organization's software depends on it. A
 * member's own profile stays their own business: their organizations' admins are not told of it.
 * Pass the transaction that ends the connections.
 */
export async function recordConnectionsLost(
  trx: Kysely<Schema>,
  lost: LostConnection[],
  input: {
    loss: ConnectionLoss;
    actor: AuditActor;
    subject: (connection: LostConnection) => string;
  },
): Promise<void> {
  for (const connection of lost) {
    const organizationIds =
      connection.kind === "organization"
        ? [connection.owner_ref]
        : await organizationsOfOwner(trx, connection.owner_ref);
    for (const organizationId of organizationIds) {
      await recordAuditEntry(trx, {
        organizationId,
        actor: input.actor,
        action: actions[input.loss][connection.kind],
        subject: input.subject(connection),
      });
    }
  }
}

/** The organizations whose applications hold the account (`acc_…`) that owns a profile. */
async function organizationsOfOwner(trx: Kysely<Schema>, ownerRef: string): Promise<string[]> {
  const throughApplications = await trx
    .selectFrom("application_calendars")
    .innerJoin("applications", "applications.id", "application_calendars.application_id")
    .select("applications.organization_id")
    .where("application_calendars.sub", "=", ownerRef)
    .execute();
  return [...new Set(throughApplications.map((row) => row.organization_id))];
}
