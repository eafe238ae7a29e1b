import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { mailsInLastHour } from "../mail/mails-in-last-hour.ts";
import type { Outbox } from "../mail/outbox.ts";
import { signInUnblockMail } from "../mail/templates/sign-in-unblock-mail.ts";
import { issueEmailToken, spendEmailToken } from "./email-tokens.ts";
import { clearSignInFailures, recentFailuresOf, signInLimits } from "./sign-in-throttle.ts";

/**
 * After repeated failures for an account, its owner gets one mail an hour: what happened, a
 * link that lifts the delay, and a way to a new password. One per incident, not one per guess.
 */
export async function mailUnblockLinkIfDue(
  db: Kysely<Schema>,
  mail: { outbox: Outbox; publicUrl: string },
  user: { userId: string; email: string },
): Promise<void> {
  if (!mail.outbox.on) return;
  const failures = await recentFailuresOf(db, user.email);
  if (failures < signInLimits.unblockMailAfter) return;
  await db.transaction().execute(async (trx) => {
    // Serializes the check below per account, so two failures at once send one mail.
    await sql`select pg_advisory_xact_lock(hashtext(${`unblock:${user.userId}`}))`.execute(trx);
    if ((await mailsInLastHour(trx, { userId: user.userId, kind: "sign_in_unblock" })) > 0) return;
    const token = await issueEmailToken(trx, {
      purpose: "unblock_sign_in",
      userId: user.userId,
      email: user.email,
    });
    await mail.outbox.queue(trx, {
      kind: "sign_in_unblock",
      to: { email: user.email },
      userId: user.userId,
      ...signInUnblockMail({
        unblockLink: `${mail.publicUrl}/sign-in/unblock?token=${token}`,
        resetLink: `${mail.publicUrl}/forgot-password`,
        failures,
      }),
    });
  });
}

/** Follows an unblock link: every failure of that account, from anywhere, is forgotten. */
export async function unblockSignIn(db: Kysely<Schema>, token: string): Promise<{ email: string }> {
  return db.transaction().execute(async (trx) => {
    const { email } = await spendEmailToken(trx, "unblock_sign_in", token);
    await clearSignInFailures(trx, email);
    return { email };
  });
}
