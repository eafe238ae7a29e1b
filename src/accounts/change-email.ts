import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { mailsInLastHour } from "../mail/mails-in-last-hour.ts";
import type { Outbox } from "../mail/outbox.ts";
import { emailChangeConfirmMail } from "../mail/templates/email-change-confirm-mail.ts";
import { emailChangedMail } from "../mail/templates/email-changed-mail.ts";
import { checkCurrentPassword } from "./check-current-password.ts";
import { emailProblem, normalizeEmail } from "./email-address.ts";
import { emailTokenLifetimeMinutes, issueEmailToken, spendEmailToken } from "./email-tokens.ts";
import { endOtherSessions } from "./sessions.ts";

/** Confirmation links one account may have mailed in an hour: enough to fix a typo, too few to spam. */
export const emailChangeMailsPerHour = 3;

export interface EmailChangeMail {
  outbox: Outbox;
  publicUrl: string;
}

/**
 * Asks for the account to move to a new address. Nothing changes yet: the new address is
 * mailed a link, and only following it moves the account (confirmEmailChange), so an address
 * is proven the same way as at sign-up. The current password is asked for and counts as a
 * sign-in attempt. An address that already has an account is answered exactly like a free one
 * but is sent nothing, so the form tells nobody which addresses have accounts.
 */
export async function requestEmailChange(
  db: Kysely<Schema>,
  input: { userId: string; newEmail: string; currentPassword: string; ip: string },
  mail: EmailChangeMail,
): Promise<{ email: string }> {
  if (!mail.outbox.on) {
    throw new DomainError(
      "conflict",
      "This confab instance sends no mail, so a new address could not be confirmed: your address was not changed. Ask its operator.",
    );
  }
  const fields: Record<string, string> = {};
  const user = await checkCurrentPassword(db, {
    userId: input.userId,
    password: input.currentPassword,
    ip: input.ip,
  });
  if (!user.right) fields.current_password = "This is not your current password.";
  const newEmail = normalizeEmail(input.newEmail);
  if (newEmail === undefined) {
    fields.new_email = emailProblem(input.newEmail) ?? "Enter an email address.";
  } else if (newEmail === user.email) {
    fields.new_email = "This is your address already.";
  }
  if (Object.keys(fields).length > 0 || newEmail === undefined) {
    throw new DomainError("invalid_input", "Your address was not changed.", fields);
  }
  await db.transaction().execute(async (trx) => {
    const owner = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("id", "=", input.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const recent = await mailsInLastHour(trx, { userId: owner.id, kind: "email_change_confirm" });
    if (recent >= emailChangeMailsPerHour) {
      throw new DomainError(
        "rate_limited",
        `${emailChangeMailsPerHour} confirmation links were mailed in the last hour: use the newest one, or try again later.`,
      );
    }
    const taken = await trx
      .selectFrom("users")
      .select("id")
      .where("email", "=", newEmail)
      .executeTakeFirst();
    if (taken) {
      // As a new link would, this ends an earlier one: otherwise an older link that kept
      // working would tell its owner that this address is taken.
      await trx
        .deleteFrom("email_tokens")
        .where("user_id", "=", owner.id)
        .where("purpose", "=", "change_email")
        .where("used_at", "is", null)
        .execute();
      return;
    }
    const token = await issueEmailToken(trx, {
      purpose: "change_email",
      userId: owner.id,
      email: newEmail,
    });
    await mail.outbox.queue(trx, {
      kind: "email_change_confirm",
      to: { email: newEmail },
      userId: owner.id,
      ...emailChangeConfirmMail({
        currentEmail: owner.email,
        link: `${mail.publicUrl}/change-email?token=${token}`,
        validHours: emailTokenLifetimeMinutes.change_email / 60,
      }),
    });
  });
  return { email: newEmail };
}

const takenMeanwhile =
  "That address became the address of another account since the link was mailed, so yours was not changed.";

/**
 * Follows a link mailed to a new address: the account moves to it, proven. Whoever knew the
 * old address or was signed in before is out: every other session ends, links mailed to the old
 * address stop working, and the old address is told, in case it was not its owner who did it.
 * An address that another account took in the meantime changes nothing, and the link stays
 * unspent.
 */
export async function confirmEmailChange(
  db: Kysely<Schema>,
  input: { token: string; viewer?: { userId: string; sessionId: string } | undefined },
  mail: EmailChangeMail,
): Promise<{ userId: string; oldEmail: string; email: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { userId, email } = await spendEmailToken(trx, "change_email", input.token);
      const user = await trx
        .selectFrom("users")
        .select(["id", "email"])
        .where("id", "=", userId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const taken = await trx
        .selectFrom("users")
        .select("id")
        .where("email", "=", email)
        .where("id", "<>", userId)
        .executeTakeFirst();
      if (taken) throw new DomainError("conflict", takenMeanwhile);
      await trx
        .updateTable("users")
        .set({ email, email_verified_at: sql`now()` })
        .where("id", "=", userId)
        .execute();
      const keep = input.viewer?.userId === userId ? input.viewer.sessionId : undefined;
      await endOtherSessions(trx, userId, keep);
      await trx
        .deleteFrom("email_tokens")
        .where("user_id", "=", userId)
        .where("used_at", "is", null)
        .execute();
      await mail.outbox.queue(trx, {
        kind: "email_changed",
        to: { email: user.email },
        userId,
        ...emailChangedMail({ oldEmail: user.email, newEmail: email }),
      });
      return { userId, oldEmail: user.email, email };
    });
  } catch (error) {
    // An account made with the address between the check and the update.
    if ((error as { code?: unknown }).code === "23505") {
      throw new DomainError("conflict", takenMeanwhile);
    }
    throw error;
  }
}
