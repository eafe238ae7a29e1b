import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { verifyPassword } from "./passwords.ts";
import { forgiveSignInFailures, takeSignInAttempt } from "./sign-in-throttle.ts";

/**
 * Checks a signed-in person's current password, as forms that change the account ask for it.
 * Each check counts as a sign-in attempt (taken before the hash is checked), so these forms are
 * no faster a way to guess than the sign-in page; over the limit it throws rate_limited.
 */
export async function checkCurrentPassword(
  db: Kysely<Schema>,
  input: { userId: string; password: string; ip: string },
): Promise<{ email: string; right: boolean }> {
  const user = await db
    .selectFrom("users")
    .select(["email", "password_hash"])
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  const attempt = await takeSignInAttempt(db, { email: user.email, ip: input.ip });
  const right = await verifyPassword(user.password_hash, input.password);
  if (right) await forgiveSignInFailures(db, attempt);
  return { email: user.email, right };
}
