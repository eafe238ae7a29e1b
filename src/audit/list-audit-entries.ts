import type { Kysely } from "kysely";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";

export interface AuditEntry {
  id: string;
  actorLabel: string;
  action: string;
  subject: string;
  createdAt: Date;
}

/** The organization's audit log, newest first, a page at a time (`before` an entry id). */
export async function listAuditEntries(
  db: Kysely<Schema>,
  access: OrgAccess,
  { limit = 50, before }: { limit?: number; before?: string } = {},
): Promise<AuditEntry[]> {
  authorizeInOrg(access, "audit.view");
  let query = db
    .selectFrom("audit_entries")
    .select(["id", "actor_label", "action", "subject_label", "created_at"])
    .where("organization_id", "=", access.organization.id)
    .orderBy("id", "desc")
    .limit(limit);
  if (before !== undefined && /^\d+$/.test(before)) query = query.where("id", "<", before);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: String(r.id),
    actorLabel: r.actor_label,
    action: r.action,
    subject: r.subject_label,
    createdAt: r.created_at,
  }));
}
