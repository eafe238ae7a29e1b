import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { resumeWaitingEvents } from "../conferencing/resume-waiting-events.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * The operator's switch for the integrations feature of one organization. Enabling it again
 * gives the program meetings that waited meanwhile (those hosted in a member's own account,
 * see integrations-switch.ts) their go at once, in the same transaction as the change.
 */
export async function setIntegrationsEnabled(
  db: Kysely<Schema>,
  input: { organizationId: string; enabled: boolean; actor: AuditActor },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("organizations")
      .select(["name", "integrations_enabled"])
      .where("id", "=", input.organizationId)
      .forUpdate()
      .executeTakeFirst();
    if (!before) throw new DomainError("not_found", "There is no such organization.");
    if (before.integrations_enabled === input.enabled) return;
    await trx
      .updateTable("organizations")
      .set({ integrations_enabled: input.enabled })
      .where("id", "=", input.organizationId)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: input.enabled ? "integrations.enabled" : "integrations.disabled",
      subject: before.name,
    });
    if (input.enabled) await resumeWaitingEvents(trx, { organizationId: input.organizationId });
  });
}
