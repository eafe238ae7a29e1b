import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { checkCurrentPassword } from "./check-current-password.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";
import { endOtherSessions } from "./sessions.ts";

/**
 * Replaces a password after checking the current one, and signs the user out of every other
 * session: whoever knew the old password must not stay signed in. A wrong current password
 * counts as a failed sign-in, so this form is no faster a way to guess than the sign-in page.
 */
export async function changePassword(
  db: Kysely<Schema>,
  input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    sessionId: string;
    ip: string;
  },
): Promise<void> {
  const fields: Record<string, string> = {};
  const current = await checkCurrentPassword(db, {
    userId: input.userId,
    password: input.currentPassword,
    ip: input.ip,
  });
  if (!current.right) fields.current_password = "This is not your current password.";
  const problem = passwordProblem(input.newPassword);
  if (problem) fields.new_password = problem;
  if (Object.keys(fields).length > 0) {
    throw new DomainError("invalid_input", "Your password was not changed.", fields);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", input.userId)
      .execute();
    await endOtherSessions(trx, input.userId, input.sessionId);
  });
}
