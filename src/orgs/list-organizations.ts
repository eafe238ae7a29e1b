import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Organization } from "./create-organization.ts";

export interface OrganizationSummary extends Organization {
  memberCount: number;
  adminEmails: string[];
  /** Set while the operator has it suspended, with the reason its members read. */
  suspension: { since: Date; reason: string } | undefined;
}

/** Every organization on the instance, for its operators. */
export async function listOrganizations(db: Kysely<Schema>): Promise<OrganizationSummary[]> {
  const rows = await db
    .selectFrom("organizations as o")
    .select([
      "o.id",
      "o.slug",
      "o.name",
      "o.integrations_enabled",
      "o.suspended_at",
      "o.suspended_reason",
      sql<number>`(select count(*)::int from memberships m where m.organization_id = o.id)`.as(
        "member_count",
      ),
      sql<string[]>`array(select u.email from memberships m join users u on u.id = m.user_id
        where m.organization_id = o.id and m.role = 'org_admin' order by u.email)`.as(
        "admin_emails",
      ),
    ])
    .orderBy("o.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    integrationsEnabled: r.integrations_enabled,
    memberCount: r.member_count,
    adminEmails: r.admin_emails,
    suspension:
      r.suspended_at !== null && r.suspended_reason !== null
        ? { since: r.suspended_at, reason: r.suspended_reason }
        : undefined,
  }));
}

/** The organizations a user belongs to, for the organization switcher. */
export async function listUserOrganizations(
  db: Kysely<Schema>,
  userId: string,
): Promise<{ slug: string; name: string; role: "org_admin" | "member"; suspended: boolean }[]> {
  return db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .select([
      "organizations.slug",
      "organizations.name",
      "memberships.role",
      sql<boolean>`organizations.suspended_at is not null`.as("suspended"),
    ])
    .where("memberships.user_id", "=", userId)
    .orderBy("organizations.name")
    .execute();
}

/** Who to ask about integrations: the instance's operators. */
export async function listOperatorEmails(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db
    .selectFrom("users")
    .select("email")
    .where("is_operator", "=", true)
    .orderBy("email")
    .execute();
  return rows.map((r) => r.email);
}
