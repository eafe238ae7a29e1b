import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import {
  authorizeInOrg,
  authorizeInProgram,
  type OrgAccess,
  programAdminRole,
} from "../authorization/policy.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { refuseBeyondProgramLimit } from "../quotas/organization-limits.ts";

export interface Program {
  id: string;
  name: string;
  memberRoleLabels: string[];
  /** When an org admin archived it: it takes no new meetings until unarchived. */
  archivedAt: Date | null;
}

const programColumns = ["id", "name", "member_role_labels", "archived_at"] as const;

function programOf(row: {
  id: string;
  name: string;
  member_role_labels: string[];
  archived_at: Date | null;
}): Program {
  return {
    id: row.id,
    name: row.name,
    memberRoleLabels: row.member_role_labels,
    archivedAt: row.archived_at,
  };
}

/** A program's name as typed, trimmed, or the field's message: the same rule for new and renamed. */
export function readProgramName(typed: string, failure: string): string {
  const name = typed.trim();
  if (name === "" || name.length > 100) {
    throw new DomainError("invalid_input", failure, {
      name: "Enter a name of 1 to 100 characters.",
    });
  }
  return name;
}

/** What a program whose name is taken is told, on creation and on renaming. */
export const programNameTaken = "There is already a program with this name.";

export const defaultMeetingModes = [
  { key: "in_person", label: "In person" },
  { key: "phone", label: "Phone" },
];

export async function createProgram(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { name: string; actor: AuditActor },
): Promise<Program> {
  authorizeInOrg(access, "programs.create");
  const name = readProgramName(input.name, "The program was not created.");
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("programs")
      .values({ id: newId("prg"), organization_id: access.organization.id, name })
      .onConflict((c) => c.columns(["organization_id", "name"]).doNothing())
      .returning([...programColumns])
      .executeTakeFirst();
    if (!row) {
      throw new DomainError("conflict", "The program was not created.", {
        name: programNameTaken,
      });
    }
    await refuseBeyondProgramLimit(trx, access.organization.id);
    await trx
      .insertInto("meeting_modes")
      .values(defaultMeetingModes.map((m) => ({ ...m, program_id: row.id, kind: "builtin" })))
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.created",
      subject: name,
    });
    return programOf(row);
  });
}

/**
 * The programs the member may see: all of them for org admins, else their own. Archived ones
 * leave the lists; `which` asks for them alone (the admins' Archived section), or for all.
 */
export async function listPrograms(
  db: Kysely<Schema>,
  access: OrgAccess,
  which: "active" | "archived" | "all" = "active",
): Promise<Program[]> {
  let query = db
    .selectFrom("programs")
    .select([...programColumns])
    .where("organization_id", "=", access.organization.id)
    .orderBy("name");
  if (which !== "all") {
    query = query.where("archived_at", which === "active" ? "is" : "is not", null);
  }
  if (access.orgRole !== "org_admin") {
    const own = Object.keys(access.programRoles);
    if (own.length === 0) return [];
    query = query.where("id", "in", own);
  }
  const rows = await query.execute();
  return rows.map(programOf);
}

/** One program of the organization, if the member may see it; another organization's is 404. */
export async function loadProgram(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
): Promise<Program> {
  const row = await db
    .selectFrom("programs")
    .select([...programColumns])
    .where("id", "=", programId)
    .where("organization_id", "=", access.organization.id)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such program here.");
  authorizeInProgram(access, "program.view", row.id);
  return programOf(row);
}

export interface ProgramMember {
  userId: string;
  email: string;
  name: string;
  role: string;
}

export async function listProgramMembers(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
): Promise<ProgramMember[]> {
  authorizeInProgram(access, "program.view", program.id);
  const rows = await db
    .selectFrom("program_roles")
    .innerJoin("users", "users.id", "program_roles.user_id")
    .select(["users.id", "users.email", "users.name", "program_roles.role"])
    .where("program_roles.program_id", "=", program.id)
    .where("program_roles.organization_id", "=", access.organization.id)
    .orderBy("users.email")
    .execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.name, role: r.role }));
}

/** The roles a program offers: program admin, then its member role labels. */
export function rolesOf(program: Program): string[] {
  return [programAdminRole, ...program.memberRoleLabels];
}

export async function assignProgramRole(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { email: string; role: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.roles.manage", program.id);
  const fields: Record<string, string> = {};
  if (!rolesOf(program).includes(input.role)) fields.role = "Choose one of the program's roles.";
  const member = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.id", "users.email"])
    .where("memberships.organization_id", "=", access.organization.id)
    .where("users.email", "=", input.email.trim().toLowerCase())
    .executeTakeFirst();
  if (!member) fields.email = "This person is not a member of the organization.";
  if (Object.keys(fields).length > 0 || !member) {
    throw new DomainError("invalid_input", "No role was assigned.", fields);
  }
  // Only org admins make program admins: a program admin manages members, not other admins.
  if (input.role === programAdminRole && access.orgRole !== "org_admin") {
    throw new DomainError("forbidden", "Only an organization admin can make program admins.");
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("program_roles")
      .values({
        program_id: program.id,
        organization_id: access.organization.id,
        user_id: member.id,
        role: input.role,
      })
      .onConflict((c) => c.columns(["program_id", "user_id"]).doUpdateSet({ role: input.role }))
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.role_assigned",
      subject: `${member.email}: ${input.role} in ${program.name}`,
    });
  });
}

export async function removeProgramRole(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { userId: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.roles.manage", program.id);
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("program_roles")
      .where("program_id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .where("user_id", "=", input.userId)
      .returning("role")
      .executeTakeFirst();
    if (!removed) throw new DomainError("not_found", "This person has no role in the program.");
    if (removed.role === programAdminRole && access.orgRole !== "org_admin") {
      throw new DomainError("forbidden", "Only an organization admin can remove program admins.");
    }
    const user = await trx
      .selectFrom("users")
      .select("email")
      .where("id", "=", input.userId)
      .executeTakeFirstOrThrow();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.role_removed",
      subject: `${user.email} from ${program.name}`,
    });
  });
}

/** Replaces the program's member role labels (e.g. "mentor, mentee"). */
export async function setMemberRoleLabels(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { labels: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  const labels = [
    ...new Set(
      input.labels
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter((l) => l !== ""),
    ),
  ];
  const bad = labels.find((l) => !/^[a-z][a-z0-9 -]{0,39}$/.test(l) || l === programAdminRole);
  if (labels.length === 0 || labels.length > 10 || bad !== undefined) {
    throw new DomainError("invalid_input", "The member roles were not changed.", {
      labels:
        "List 1 to 10 roles separated by commas, each starting with a letter (letters, digits, spaces, hyphens), like: mentor, mentee.",
    });
  }
  await db.transaction().execute(async (trx) => {
    const inUse = await trx
      .selectFrom("program_roles")
      .select("role")
      .distinct()
      .where("program_id", "=", program.id)
      .where("role", "<>", programAdminRole)
      .where("role", "not in", labels)
      .execute();
    if (inUse.length > 0) {
      throw new DomainError("conflict", "The member roles were not changed.", {
        labels: `Still held by members: ${inUse.map((r) => r.role).join(", ")}. Change their roles first.`,
      });
    }
    await trx
      .updateTable("programs")
      .set({ member_role_labels: labels })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.member_roles_changed",
      subject: `${program.name}: ${labels.join(", ")}`,
    });
  });
}
