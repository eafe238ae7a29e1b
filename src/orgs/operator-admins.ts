import type { Kysely } from "kysely";
import { emailProblem, normalizeEmail } from "../accounts/email-address.ts";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import type { Actor, OrgAccess } from "../authorization/policy.ts";
import { inTransaction } from "../db/in-transaction.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Outbox } from "../mail/outbox.ts";
import { inviteMember } from "./invitations.ts";
import { elevatedOrgAccess } from "./load-org-access.ts";
import { addMember, listMembers, type Member, removeMember, setOrgRole } from "./members.ts";
import { ensureMayBecomeOrgAdmin } from "./org-admin-eligibility.ts";

/** What adding an admin did: made or promoted someone with an account, or invited them. */
export interface AdminAdded {
  email: string;
  outcome: "added" | "promoted" | "mailed" | "not_mailed";
  /** The invitation link to pass on, when mail is off. */
  link?: string | undefined;
}

/**
 * The operator makes someone an admin of an organization they do not belong to: a member is
 * promoted, a person with a verified account is added, and anyone else (no account, or an
 * address nobody has proven) is invited by mail, as only a mailed link may make an admin.
 */
export async function addOrganizationAdmin(
  db: Kysely<Schema>,
  input: {
    organization: OrgAccess["organization"];
    operator: Actor;
    email: string;
    actor: AuditActor;
    inviterName: string;
    publicUrl: string;
    outbox: Outbox;
  },
): Promise<AdminAdded> {
  const email = normalizeEmail(input.email);
  if (email === undefined) {
    throw new DomainError("invalid_input", "Nobody was made an admin.", {
      email: emailProblem(input.email) ?? "Enter an email address, like ada@example.com.",
    });
  }
  const organizationId = input.organization.id;
  return inTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select(["users.id", "memberships.role"])
      .where("memberships.organization_id", "=", organizationId)
      .where("users.email", "=", email)
      .forUpdate()
      .executeTakeFirst();
    if (member?.role === "org_admin") {
      throw new DomainError("conflict", "Nobody was made an admin.", {
        email: `${email} is already an admin of ${input.organization.name}.`,
      });
    }
    if (member) {
      await ensureMayBecomeOrgAdmin(trx, { userId: member.id, email, organizationId });
      await trx
        .updateTable("memberships")
        .set({ role: "org_admin" })
        .where("organization_id", "=", organizationId)
        .where("user_id", "=", member.id)
        .execute();
      await recordAuditEntry(trx, {
        organizationId,
        actor: input.actor,
        action: "member.role_changed",
        subject: `${email}: member → org_admin`,
      });
      return { email, outcome: "promoted" };
    }
    try {
      await addMember(trx, { organizationId, email, role: "org_admin", actor: input.actor });
      return { email, outcome: "added" };
    } catch (error) {
      // No account, or one whose address is unproven. addMember refuses before writing, so the
      // transaction carries on with the invitation.
      const refused =
        error instanceof DomainError && ["not_found", "conflict"].includes(error.kind);
      if (!refused) throw error;
    }
    const invited = await inviteMember(trx, elevatedOrgAccess(input.organization, input.operator), {
      email,
      role: "org_admin",
      actor: input.actor,
      inviterName: input.inviterName,
      publicUrl: input.publicUrl,
      outbox: input.outbox,
    });
    return {
      email: invited.email,
      outcome: invited.mailed ? "mailed" : "not_mailed",
      link: invited.link,
    };
  });
}

/** The organization's admins, for the operator's page of it. */
export async function listOrganizationAdmins(
  db: Kysely<Schema>,
  organization: OrgAccess["organization"],
  operator: Actor,
): Promise<Member[]> {
  const members = await listMembers(db, elevatedOrgAccess(organization, operator));
  return members.filter((m) => m.role === "org_admin");
}

/**
 * The admin the operator is replacing, or not found. An organization always keeps an admin:
 * `replaceOrganizationAdmin` refuses to take away the last one.
 */
export async function findOrganizationAdmin(
  db: Kysely<Schema>,
  organization: OrgAccess["organization"],
  operator: Actor,
  userId: string,
): Promise<{ admin: Member; otherAdmins: Member[] }> {
  const admins = await listOrganizationAdmins(db, organization, operator);
  const admin = admins.find((m) => m.userId === userId);
  if (!admin) {
    throw new DomainError("not_found", `This person is not an admin of ${organization.name}.`);
  }
  return { admin, otherAdmins: admins.filter((m) => m.userId !== userId) };
}

/** What becomes of a replaced admin: a member of the organization still, or no longer in it. */
export type ReplacedAdmin = "member" | "removed";

/**
 * Takes an admin's rights away, keeping them as a member or removing them. The member rules
 * apply as for an org admin: the last admin is never demoted or removed.
 */
export async function replaceOrganizationAdmin(
  db: Kysely<Schema>,
  input: {
    organization: OrgAccess["organization"];
    operator: Actor;
    userId: string;
    becomes: ReplacedAdmin;
    actor: AuditActor;
  },
): Promise<{ email: string }> {
  const { admin } = await findOrganizationAdmin(
    db,
    input.organization,
    input.operator,
    input.userId,
  );
  const access = elevatedOrgAccess(input.organization, input.operator);
  if (input.becomes === "member") {
    await setOrgRole(db, access, { userId: input.userId, role: "member", actor: input.actor });
  } else {
    await removeMember(db, access, { userId: input.userId, actor: input.actor });
  }
  return { email: admin.email };
}
