import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { createUser, type User } from "./create-user.ts";
import { normalizeEmail } from "./email-address.ts";

/**
 * Makes the account an operator, creating it with the password if it does not exist. An existing
 * account keeps its password: a start-up variable must not silently reset it.
 */
export async function ensureOperator(
  db: Kysely<Schema>,
  { email, password }: { email: string; password: string },
): Promise<{ user: User; created: boolean }> {
  const normalized = normalizeEmail(email) ?? email;
  const existing = await db
    .updateTable("users")
    .set({ is_operator: true })
    .where("email", "=", normalized)
    .returning(["id", "email", "name", "email_verified_at"])
    .executeTakeFirst();
  if (existing) {
    const { email_verified_at, ...rest } = existing;
    return {
      user: { ...rest, isOperator: true, emailVerified: email_verified_at !== null },
      created: false,
    };
  }
  const user = await createUser(db, { email, password, isOperator: true });
  return { user, created: true };
}
