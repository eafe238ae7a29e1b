import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/** Who did something: a signed-in person, or confab itself on someone's behalf. */
export interface AuditActor {
  userId: string | null;
  /** Shown in the log; kept when the account is gone. E.g. an email, or "operator (CLI)". */
  label: string;
}

/**
 * Records what happened in an organization. Pass the transaction that makes the change, so the
 * entry exists exactly when the change does.
 */
export async function recordAuditEntry(
  db: Kysely<Schema>,
  entry: { organizationId: string; actor: AuditActor; action: string; subject: string },
): Promise<void> {
  await db
    .insertInto("audit_entries")
    .values({
      organization_id: entry.organizationId,
      actor_user_id: entry.actor.userId,
      actor_label: entry.actor.label,
      action: entry.action,
      subject_label: entry.subject,
    })
    .execute();
}
