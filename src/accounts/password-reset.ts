import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { mailsInLastHour } from "../mail/mails-in-last-hour.ts";
import type { Outbox } from "../mail/outbox.ts";
import { passwordResetMail } from "../mail/templates/password-reset-mail.ts";
import { normalizeEmail } from "./email-address.ts";
import { emailTokenLifetimeMinutes, issueEmailToken, spendEmailToken } from "./email-tokens.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { clearSignInFailures } from "./sign-in-throttle.ts";

/** Reset mails one address may be sent in an hour: enough to retry, too few to flood an inbox. */
export const resetMailsPerHour = 3;

/**
 * Mails a reset link when the address has an account. The caller answers the same whatever
 * happened here, so the form tells nobody which addresses have accounts.
 */
export async function requestPasswordReset(
  db: Kysely<Schema>,
  input: { email: string; outbox: Outbox; publicUrl: string },
): Promise<void> {
  const email = normalizeEmail(input.email);
  if (email === undefined) {
    throw new DomainError("invalid_input", "No reset link was sent.", {
      email: "Enter the email address of your account, like ada@example.com.",
    });
  }
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email"])
      .where("email", "=", email)
      .forUpdate()
      .executeTakeFirst();
    if (!user) return;
    if (
      (await mailsInLastHour(trx, { userId: user.id, kind: "password_reset" })) >= resetMailsPerHour
    ) {
      return;
    }
    const token = await issueEmailToken(trx, {
      purpose: "reset_password",
      userId: user.id,
      email: user.email,
    });
    await input.outbox.queue(trx, {
      kind: "password_reset",
      to: { email: user.email },
      userId: user.id,
      ...passwordResetMail({
        link: `${input.publicUrl}/reset-password?token=${token}`,
        validMinutes: emailTokenLifetimeMinutes.reset_password,
      }),
    });
  });
}

/**
 * Sets a new password from a reset link. The link proves the address, so it counts as verified;
 * every session ends (whoever was signed in with the old password is out), and failed sign-ins
 * of the account are forgotten.
 */
export async function resetPassword(
  db: Kysely<Schema>,
  input: { token: string; password: string },
): Promise<{ email: string }> {
  const problem = passwordProblem(input.password);
  if (problem) {
    throw new DomainError("invalid_input", "Your password was not changed.", { password: problem });
  }
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const { userId, email } = await spendEmailToken(trx, "reset_password", input.token);
    const user = await trx
      .updateTable("users")
      .set({
        password_hash: passwordHash,
        // Only the address the link went to: a changed email is not proven by an older link.
        email_verified_at: sql`case when email = ${email} then coalesce(email_verified_at, now()) else email_verified_at end`,
      })
      .where("id", "=", userId)
      .returning("email")
      .executeTakeFirstOrThrow();
    await trx.deleteFrom("sessions").where("user_id", "=", userId).execute();
    await clearSignInFailures(trx, user.email);
    return { email: user.email };
  });
}
