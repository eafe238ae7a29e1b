import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Outbox } from "../mail/outbox.ts";
import { verifyEmailMail } from "../mail/templates/verify-email-mail.ts";
import { emailTokenLifetimeMinutes, issueEmailToken, spendEmailToken } from "./email-tokens.ts";

/** Mails the account's owner a link that proves the address; false when mail is off. */
export async function sendVerificationMail(
  db: Kysely<Schema>,
  input: { userId: string; outbox: Outbox; publicUrl: string },
): Promise<{ mailed: boolean }> {
  if (!input.outbox.on) return { mailed: false };
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select(["id", "email", "email_verified_at"])
      .where("id", "=", input.userId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (user.email_verified_at !== null) return { mailed: false };
    const token = await issueEmailToken(trx, {
      purpose: "verify_email",
      userId: user.id,
      email: user.email,
    });
    const { queued } = await input.outbox.queue(trx, {
      kind: "verify_email",
      to: { email: user.email },
      userId: user.id,
      ...verifyEmailMail({
        link: `${input.publicUrl}/verify-email?token=${token}`,
        validDays: emailTokenLifetimeMinutes.verify_email / (24 * 60),
      }),
    });
    return { mailed: queued };
  });
}

/** Follows a confirmation link: the account's address, if it is still the one mailed, is proven. */
export async function confirmEmail(db: Kysely<Schema>, token: string): Promise<{ email: string }> {
  return db.transaction().execute(async (trx) => {
    const { userId, email } = await spendEmailToken(trx, "verify_email", token);
    const updated = await trx
      .updateTable("users")
      .set({ email_verified_at: sql`coalesce(email_verified_at, now())` })
      .where("id", "=", userId)
      .where("email", "=", email)
      .returning("email")
      .executeTakeFirst();
    if (!updated) {
      throw new DomainError(
        "not_found",
        "This link was for an address the account no longer uses. Ask for a new one under Your account.",
      );
    }
    return { email };
  });
}
