import { type Kysely, sql } from "kysely";
import { emailProblem, normalizeEmail } from "../accounts/email-address.ts";
import { newLinkToken } from "../accounts/link-token.ts";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess, type OrgRole } from "../authorization/policy.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Outbox } from "../mail/outbox.ts";
import { invitationMail } from "../mail/templates/invitation-mail.ts";
import { refuseBeyondInvitationLimit } from "../quotas/organization-limits.ts";

export const invitationLifetimeDays = 7;

export interface PendingInvitation {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
  mailed: boolean;
}

/** A program role to give on joining, besides the organization role. */
export interface InvitedProgramRole {
  programId: string;
  programName: string;
  role: string;
}

export function roleInWords(
  role: OrgRole,
  program?: { programName: string; role: string },
): string {
  const orgRole = role === "org_admin" ? "an organization admin" : "a member";
  if (!program) return orgRole;
  const programRole = program.role === "program_admin" ? "program admin" : program.role;
  return `${orgRole} (${programRole} in ${program.programName})`;
}

/**
 * Invites an email address into the organization by mail. The link goes to the address only:
 * the inviter never sees it, so nobody can make an account for an address they do not own.
 * When this instance sends no mail, the link is returned for an operator to pass on (and the
 * invitation then proves nothing about the address).
 */
export async function inviteMember(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: {
    email: string;
    role: OrgRole;
    program?: InvitedProgramRole | undefined;
    actor: AuditActor;
    /** How the invitation names who sent it: a name, or the inviter's email. */
    inviterName: string;
    publicUrl: string;
    outbox: Outbox;
  },
): Promise<{ id: string; email: string; mailed: boolean; link: string | undefined }> {
  authorizeInOrg(access, "members.manage");
  const email = normalizeEmail(input.email);
  if (email === undefined) {
    throw new DomainError("invalid_input", "Nobody was invited.", {
      email: emailProblem(input.email) ?? "Enter an email address, like ada@example.com.",
    });
  }
  const organizationId = access.organization.id;
  const { token, hash } = newLinkToken();
  // In the query string, where request logs blank it out, rather than in the path.
  const link = `${input.publicUrl}/invitation?token=${token}`;
  const id = newId("inv");
  const mailed = await inTransaction(db, async (trx) => {
    const member = await trx
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("users.id")
      .where("memberships.organization_id", "=", organizationId)
      .where("users.email", "=", email)
      .executeTakeFirst();
    if (member) {
      throw new DomainError("conflict", "Nobody was invited.", {
        email: "This person is already a member.",
      });
    }
    // A new invitation replaces an unused earlier one for the same address.
    await trx
      .deleteFrom("invitations")
      .where("organization_id", "=", organizationId)
      .where("email", "=", email)
      .where("accepted_at", "is", null)
      .execute();
    const { queued } = await input.outbox.queue(trx, {
      kind: "invitation",
      to: { email },
      organizationId,
      ...invitationMail({
        organizationName: access.organization.name,
        inviter: input.inviterName,
        roleInWords: roleInWords(input.role, input.program),
        link,
        validDays: invitationLifetimeDays,
      }),
    });
    await trx
      .insertInto("invitations")
      .values({
        id,
        organization_id: organizationId,
        email,
        role: input.role,
        program_id: input.program?.programId ?? null,
        program_role: input.program?.role ?? null,
        token_hash: hash,
        invited_by: input.actor.userId,
        mailed: queued,
        expires_at: new Date(Date.now() + invitationLifetimeDays * 24 * 60 * 60 * 1000),
      })
      .execute();
    await refuseBeyondInvitationLimit(trx, organizationId);
    await recordAuditEntry(trx, {
      organizationId,
      actor: input.actor,
      action: "member.invited",
      subject: `${email} (${input.role})`,
    });
    return queued;
  });
  return { id, email, mailed, link: mailed ? undefined : link };
}

export async function listPendingInvitations(
  db: Kysely<Schema>,
  access: OrgAccess,
): Promise<PendingInvitation[]> {
  authorizeInOrg(access, "members.view");
  const rows = await db
    .selectFrom("invitations")
    .select(["id", "email", "role", "expires_at", "mailed"])
    .where("organization_id", "=", access.organization.id)
    .where("accepted_at", "is", null)
    .where("declined_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .orderBy("email")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    expiresAt: r.expires_at,
    mailed: r.mailed,
  }));
}

export async function revokeInvitation(
  db: Kysely<Schema>,
  access: OrgAccess,
  invitationId: string,
): Promise<void> {
  authorizeInOrg(access, "members.manage");
  const revoked = await db
    .deleteFrom("invitations")
    .where("id", "=", invitationId)
    .where("organization_id", "=", access.organization.id)
    .where("accepted_at", "is", null)
    .executeTakeFirst();
  // Another organization's invitation, or one already used, is not found here.
  if (revoked.numDeletedRows === 0n) {
    throw new DomainError("not_found", "There is no such open invitation here.");
  }
}
