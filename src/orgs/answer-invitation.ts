import { type Kysely, sql, type Transaction } from "kysely";
import { hashLinkToken } from "../accounts/link-token.ts";
import { hashPassword, passwordProblem } from "../accounts/passwords.ts";
import { recordAuditEntry } from "../audit/record-audit-entry.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { roleInWords } from "./invitations.ts";

export interface InvitationView {
  email: string;
  organizationName: string;
  organizationSlug: string;
  /** Who invited: their name, or their email when they gave no name. */
  inviter: string | undefined;
  roleInWords: string;
}

const notValid =
  "This invitation link is not valid any more: it was used, declined, replaced or has expired. Ask whoever invited you for a new one.";

/**
 * What an invitation link offers, or not_found when it is unknown, used or expired. It says
 * nothing about whether the address has an account: the page is the same either way.
 */
export async function findInvitation(db: Kysely<Schema>, token: string): Promise<InvitationView> {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("organizations", "organizations.id", "invitations.organization_id")
    .leftJoin("users as inviter", "inviter.id", "invitations.invited_by")
    .leftJoin("programs", "programs.id", "invitations.program_id")
    .select([
      "invitations.email",
      "invitations.role",
      "invitations.program_role",
      "programs.name as program_name",
      "organizations.name",
      "organizations.slug",
      "inviter.name as inviter_name",
      "inviter.email as inviter_email",
    ])
    .where("invitations.token_hash", "=", hashLinkToken(token))
    .where("invitations.accepted_at", "is", null)
    .where("invitations.declined_at", "is", null)
    .where("invitations.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", notValid);
  const program =
    row.program_name !== null && row.program_role !== null
      ? { programName: row.program_name, role: row.program_role }
      : undefined;
  return {
    email: row.email,
    organizationName: row.name,
    organizationSlug: row.slug,
    inviter: row.inviter_name || row.inviter_email || undefined,
    roleInWords: roleInWords(row.role, program),
  };
}

/**
 * Turns an invitation into a membership: for the signed-in user, whose email must be the one
 * invited, or for a new account made from it. Single use: the invitation row is locked and
 * marked in the same transaction, and a new account exists only if the joining succeeds. A
 * mailed invitation proves the address, so the account's email counts as verified.
 */
export async function acceptInvitation(
  db: Kysely<Schema>,
  input: { token: string } & (
    | { userId: string }
    | { newAccount: { name: string; password: string } }
  ),
): Promise<{ organizationSlug: string; userId: string }> {
  let passwordHash: string | undefined;
  let name = "";
  if ("newAccount" in input) {
    const fields: Record<string, string> = {};
    const problem = passwordProblem(input.newAccount.password);
    if (problem) fields.password = problem;
    name = input.newAccount.name.trim();
    if (name.length > 100) fields.name = "Use at most 100 characters.";
    if (Object.keys(fields).length > 0) {
      throw new DomainError("invalid_input", "Your account was not created.", fields);
    }
    passwordHash = await hashPassword(input.newAccount.password);
  }
  return db.transaction().execute(async (trx) => {
    const invitation = await lockInvitation(trx, input.token);
    let user: { id: string; email: string } | undefined;
    if ("userId" in input) {
      user = await trx
        .selectFrom("users")
        .select(["id", "email"])
        .where("id", "=", input.userId)
        .executeTakeFirstOrThrow();
    } else {
      user = await trx
        .insertInto("users")
        .values({
          id: newId("usr"),
          email: invitation.email,
          name,
          password_hash: passwordHash as string,
        })
        .onConflict((c) => c.column("email").doNothing())
        .returning(["id", "email"])
        .executeTakeFirst();
      if (!user) {
        throw new DomainError(
          "conflict",
          `There is already an account for ${invitation.email}: sign in to accept, or reset its password if you do not know it.`,
        );
      }
    }
    if (user.email !== invitation.email) {
      throw new DomainError(
        "forbidden",
        `This invitation is for ${invitation.email}. Sign out, then sign in with that address.`,
      );
    }
    if (invitation.mailed) {
      await trx
        .updateTable("users")
        .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
        .where("id", "=", user.id)
        .execute();
    }
    await trx
      .insertInto("memberships")
      .values({
        organization_id: invitation.organization_id,
        user_id: user.id,
        role: invitation.role,
      })
      .onConflict((c) => c.columns(["organization_id", "user_id"]).doNothing())
      .execute();
    if (invitation.program_id !== null && invitation.program_role !== null) {
      await trx
        .insertInto("program_roles")
        .values({
          program_id: invitation.program_id,
          organization_id: invitation.organization_id,
          user_id: user.id,
          role: invitation.program_role,
        })
        .onConflict((c) => c.columns(["program_id", "user_id"]).doNothing())
        .execute();
    }
    await trx
      .updateTable("invitations")
      .set({ accepted_at: sql`now()` })
      .where("id", "=", invitation.id)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: invitation.organization_id,
      actor: { userId: user.id, label: user.email },
      action: "member.joined",
      subject: `${user.email} (${invitation.role})`,
    });
    const org = await trx
      .selectFrom("organizations")
      .select("slug")
      .where("id", "=", invitation.organization_id)
      .executeTakeFirstOrThrow();
    return { organizationSlug: org.slug, userId: user.id };
  });
}

/** Ends an invitation at its invitee's word; the link is spent, and the organization sees it. */
export async function declineInvitation(
  db: Kysely<Schema>,
  token: string,
): Promise<{ organizationName: string }> {
  return db.transaction().execute(async (trx) => {
    const invitation = await lockInvitation(trx, token);
    await trx
      .updateTable("invitations")
      .set({ declined_at: sql`now()` })
      .where("id", "=", invitation.id)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: invitation.organization_id,
      actor: { userId: null, label: invitation.email },
      action: "member.declined",
      subject: invitation.email,
    });
    const org = await trx
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", invitation.organization_id)
      .executeTakeFirstOrThrow();
    return { organizationName: org.name };
  });
}

async function lockInvitation(trx: Transaction<Schema>, token: string) {
  const invitation = await trx
    .selectFrom("invitations")
    .select(["id", "organization_id", "email", "role", "program_id", "program_role", "mailed"])
    .where("token_hash", "=", hashLinkToken(token))
    .where("accepted_at", "is", null)
    .where("declined_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!invitation) throw new DomainError("not_found", notValid);
  return invitation;
}
