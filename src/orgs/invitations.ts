import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { normalizeEmail } from "../accounts/email-address.ts";
import type { MailSender } from "../accounts/mail-sender.ts";
import { hashPassword, passwordProblem } from "../accounts/passwords.ts";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess, type OrgRole } from "../authorization/policy.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

const invitationLifetimeDays = 7;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: OrgRole;
  expiresAt: Date;
}

/**
 * Invites an email address into the organization. The link is returned so the page can show it
 * to the inviter: it is only mailed when a mail sender delivers.
 */
export async function inviteMember(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: {
    email: string;
    role: OrgRole;
    actor: AuditActor;
    publicUrl: string;
    mailSender: MailSender;
  },
): Promise<{ link: string; delivered: boolean }> {
  authorizeInOrg(access, "members.manage");
  const email = normalizeEmail(input.email);
  if (email === undefined) {
    throw new DomainError("invalid_input", "Nobody was invited.", {
      email: "Enter an email address, like ada@example.com.",
    });
  }
  const organizationId = access.organization.id;
  const token = randomBytes(32).toString("base64url");
  await db.transaction().execute(async (trx) => {
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
    await trx
      .insertInto("invitations")
      .values({
        id: newId("inv"),
        organization_id: organizationId,
        email,
        role: input.role,
        token_hash: hashToken(token),
        invited_by: input.actor.userId,
        expires_at: new Date(Date.now() + invitationLifetimeDays * 24 * 60 * 60 * 1000),
      })
      .execute();
    await recordAuditEntry(trx, {
      organizationId,
      actor: input.actor,
      action: "member.invited",
      subject: `${email} (${input.role})`,
    });
  });
  // In the query string, where request logs blank it out, rather than in the path.
  const link = `${input.publicUrl}/invitation?token=${token}`;
  const { delivered } = await input.mailSender.send({
    to: email,
    subject: `You are invited to ${access.organization.name} on confab`,
    text: `Open this link to join ${access.organization.name}: ${link}\nIt works for ${invitationLifetimeDays} days.`,
  });
  return { link, delivered };
}

export async function listPendingInvitations(
  db: Kysely<Schema>,
  access: OrgAccess,
): Promise<PendingInvitation[]> {
  authorizeInOrg(access, "members.view");
  const rows = await db
    .selectFrom("invitations")
    .select(["id", "email", "role", "expires_at"])
    .where("organization_id", "=", access.organization.id)
    .where("accepted_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .orderBy("email")
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, role: r.role, expiresAt: r.expires_at }));
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

export interface InvitationView {
  email: string;
  organizationName: string;
  organizationSlug: string;
  accountExists: boolean;
}

/** What an invitation link offers, or not_found when it is unknown, used or expired. */
export async function findInvitation(db: Kysely<Schema>, token: string): Promise<InvitationView> {
  const row = await db
    .selectFrom("invitations")
    .innerJoin("organizations", "organizations.id", "invitations.organization_id")
    .leftJoin("users", "users.email", "invitations.email")
    .select([
      "invitations.email",
      "organizations.name",
      "organizations.slug",
      "users.id as user_id",
    ])
    .where("invitations.token_hash", "=", hashToken(token))
    .where("invitations.accepted_at", "is", null)
    .where("invitations.expires_at", ">", sql<Date>`now()`)
    .executeTakeFirst();
  if (!row) {
    throw new DomainError(
      "not_found",
      "This invitation link is not valid any more: it was used, replaced or has expired. Ask for a new one.",
    );
  }
  return {
    email: row.email,
    organizationName: row.name,
    organizationSlug: row.slug,
    accountExists: row.user_id !== null,
  };
}

/**
 * Turns an invitation into a membership: for the signed-in user, whose email must be the one
 * invited, or for a new account made from it. Single use: the invitation row is locked and
 * marked in the same transaction, and a new account exists only if the joining succeeds.
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
    const invitation = await trx
      .selectFrom("invitations")
      .select(["id", "organization_id", "email", "role"])
      .where("token_hash", "=", hashToken(input.token))
      .where("accepted_at", "is", null)
      .where("expires_at", ">", sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!invitation) {
      throw new DomainError("not_found", "This invitation link is not valid any more.");
    }
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
          `There is already an account for ${invitation.email}: sign in to accept.`,
        );
      }
    }
    if (user.email !== invitation.email) {
      throw new DomainError(
        "forbidden",
        `This invitation is for ${invitation.email}. Sign out, then sign in with that address.`,
      );
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
