import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Outbox } from "../mail/outbox.ts";
import { type User, userOf } from "./create-user.ts";
import { normalizeEmail } from "./email-address.ts";
import { verifyPassword } from "./passwords.ts";
import { forgiveSignInFailures, takeSignInAttempt } from "./sign-in-throttle.ts";
import { mailUnblockLinkIfDue } from "./sign-in-unblock.ts";

// One message for every failure: it must not tell which emails have accounts.
const wrongCredentials = "That email and password do not match an account.";

export interface SignInMail {
  outbox: Outbox;
  publicUrl: string;
}

/**
 * Checks an email and password. Each attempt is counted before the password is looked at (see
 * sign-in-throttle.ts); repeated failures mail the owner a link that lifts the delay.
 */
export async function signIn(
  db: Kysely<Schema>,
  { email, password, ip }: { email: string; password: string; ip: string },
  mail?: SignInMail,
): Promise<User> {
  const normalized = normalizeEmail(email) ?? email.trim().toLowerCase();
  const attempt = await takeSignInAttempt(db, { email: normalized, ip });
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "is_operator", "email_verified_at", "password_hash"])
    .where("email", "=", normalized)
    .executeTakeFirst();
  if (!(await verifyPassword(user?.password_hash, password)) || !user) {
    if (user && mail) await mailUnblockLinkIfDue(db, mail, { userId: user.id, email: user.email });
    throw new DomainError("unauthenticated", wrongCredentials);
  }
  await forgiveSignInFailures(db, attempt);
  return userOf(user);
}
