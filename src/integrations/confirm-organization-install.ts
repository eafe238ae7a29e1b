import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import { resumeWaitingEvents } from "../conferencing/resume-waiting-events.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * The installer's *Done* (F7): records the install in the audit log under the confab person who
 * made it. The provider's callback cannot: it knows the browser, not who is signed in. Pressing
 * Done twice records it once.
 */
export async function confirmOrganizationInstall(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { connectionId: string; providerDisplayName: string; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "integrations.install");
  await db.transaction().execute(async (trx) => {
    const connection = await trx
      .selectFrom("provider_connections")
      .select(["email", "updated_at"])
      .where("id", "=", input.connectionId)
      .where("kind", "=", "organization")
      .where("owner_ref", "=", access.organization.id)
      .where("status", "=", "connected")
      .forUpdate()
      .executeTakeFirst();
    if (!connection) throw new DomainError("not_found", "There is no such installed integration.");
    const subject = `${input.providerDisplayName} (${connection.email})`;
    const recorded = await trx
      .selectFrom("audit_entries")
      .select("id")
      .where("organization_id", "=", access.organization.id)
      .where("action", "=", "integration.installed")
      .where("subject_label", "=", subject)
      .where("created_at", ">=", connection.updated_at)
      .executeTakeFirst();
    // Program meetings that failed for want of an install get made now.
    await resumeWaitingEvents(trx, { organizationId: access.organization.id });
    if (recorded) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "integration.installed",
      subject,
    });
  });
}
