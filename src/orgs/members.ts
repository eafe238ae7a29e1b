import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess, type OrgRole } from "../authorization/policy.ts";
import { inTransaction } from "../db/in-transaction.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { ensureMayBecomeOrgAdmin } from "./org-admin-eligibility.ts";

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: OrgRole;
  joinedAt: Date;
  /** program id → role */
  programRoles: Record<string, string>;
}

export function isOrgRole(value: unknown): value is OrgRole {
  return value === "org_admin" || value === "member";
}

export function actorOf(access: OrgAccess, email: string): AuditActor {
  return { userId: access.actor.userId, label: email };
}

export async function listMembers(db: Kysely<Schema>, access: OrgAccess): Promise<Member[]> {
  authorizeInOrg(access, "members.view");
  const organizationId = access.organization.id;
  const rows = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email", "users.name", "memberships.role", "memberships.created_at"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("users.email")
    .execute();
  const roles = await db
    .selectFrom("program_roles")
    .select(["user_id", "program_id", "role"])
    .where("organization_id", "=", organizationId)
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    joinedAt: r.created_at,
    programRoles: Object.fromEntries(
      roles.filter((p) => p.user_id === r.id).map((p) => [p.program_id, p.role]),
    ),
  }));
}

/**
 * Adds an existing account to an organization (the CLI and the operator's first admin); people
 * without an account are invited instead. Adding someone already there sets their role.
 */
export async function addMember(
  db: Kysely<Schema>,
  input: { organizationId: string; email: string; role: OrgRole; actor: AuditActor },
): Promise<{ userId: string }> {
  return inTransaction(db, async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("email", "=", input.email.trim().toLowerCase())
      .executeTakeFirst();
    if (!user) {
      throw new DomainError("not_found", "There is no account with this email.", {
        email: "There is no account with this email; invite them instead.",
      });
    }
    if (input.role === "org_admin") {
      await ensureMayBecomeOrgAdmin(trx, {
        userId: user.id,
        email: user.email,
        organizationId: input.organizationId,
      });
    }
    await trx
      .insertInto("memberships")
      .values({ organization_id: input.organizationId, user_id: user.id, role: input.role })
      .onConflict((c) =>
        c.columns(["organization_id", "user_id"]).doUpdateSet({ role: input.role }),
      )
      .execute();
    await recordAuditEntry(trx, {
      organizationId: input.organizationId,
      actor: input.actor,
      action: "member.added",
      subject: `${user.email} (${input.role})`,
    });
    return { userId: user.id };
  });
}

/** Removes a member and every program role they held; the last admin cannot be removed. */
export async function removeMember(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { userId: string; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "members.manage");
  await db.transaction().execute(async (trx) => {
    const member = await lockMember(trx, access.organization.id, input.userId);
    if (member.role === "org_admin") await ensureAnotherAdmin(trx, access.organization.id, member);
    await trx
      .deleteFrom("memberships")
      .where("organization_id", "=", access.organization.id)
      .where("user_id", "=", input.userId)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "member.removed",
      subject: member.email,
    });
  });
}

export async function setOrgRole(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { userId: string; role: OrgRole; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "members.manage");
  await db.transaction().execute(async (trx) => {
    const member = await lockMember(trx, access.organization.id, input.userId);
    if (member.role === input.role) return;
    if (member.role === "org_admin") await ensureAnotherAdmin(trx, access.organization.id, member);
    if (input.role === "org_admin") {
      await ensureMayBecomeOrgAdmin(trx, {
        userId: input.userId,
        email: member.email,
        organizationId: access.organization.id,
      });
    }
    await trx
      .updateTable("memberships")
      .set({ role: input.role })
      .where("organization_id", "=", access.organization.id)
      .where("user_id", "=", input.userId)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "member.role_changed",
      subject: `${member.email}: ${member.role} → ${input.role}`,
    });
  });
}

async function lockMember(db: Kysely<Schema>, organizationId: string, userId: string) {
  const member = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.email", "memberships.role"])
    .where("memberships.organization_id", "=", organizationId)
    .where("memberships.user_id", "=", userId)
    .forUpdate()
    .executeTakeFirst();
  if (!member) throw new DomainError("not_found", "This person is not a member here.");
  return member;
}

// Lock every admin row so two admins cannot demote each other at once and leave none.
async function ensureAnotherAdmin(
  db: Kysely<Schema>,
  organizationId: string,
  member: { email: string },
) {
  const admins = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("role", "=", "org_admin")
    .forUpdate()
    .execute();
  if (admins.length <= 1) {
    throw new DomainError(
      "conflict",
      `${member.email} is the only organization admin. Make someone else an admin first.`,
    );
  }
}
