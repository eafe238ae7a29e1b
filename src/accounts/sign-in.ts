import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { User } from "./create-user.ts";
import { verifyPassword } from "./passwords.ts";

/** Failures allowed in the window, per email address and per client address. */
export const signInLimits = { perEmail: 5, perAddress: 30, windowMinutes: 15 };

// One message for every failure: it must not tell which emails have accounts.
const wrongCredentials = "That email and password do not match an account.";

/**
 * Checks an email and password. Failures are counted in the database, so the limit holds across
 * every web process; while an email or an address is over its limit, nothing is checked at all.
 */
export async function signIn(
  db: Kysely<Schema>,
  { email, password, ip }: { email: string; password: string; ip: string },
): Promise<User> {
  const normalized = email.trim().toLowerCase();
  const { rows } = await sql<{ by_email: number; by_address: number }>`
    select
      count(*) filter (where email = ${normalized})::int as by_email,
      count(*) filter (where ip = ${ip})::int as by_address
    from sign_in_failures
    where failed_at > now() - make_interval(mins => ${signInLimits.windowMinutes})
      and (email = ${normalized} or ip = ${ip})
  `.execute(db);
  const counts = rows[0] ?? { by_email: 0, by_address: 0 };
  if (counts.by_email >= signInLimits.perEmail || counts.by_address >= signInLimits.perAddress) {
    throw new DomainError(
      "rate_limited",
      `Too many failed attempts. Wait ${signInLimits.windowMinutes} minutes, then try again.`,
    );
  }

  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "is_operator", "password_hash"])
    .where("email", "=", normalized)
    .executeTakeFirst();
  if (!(await verifyPassword(user?.password_hash, password)) || !user) {
    await db
      .insertInto("sign_in_failures")
      .values({ email: normalized.slice(0, 254), ip })
      .execute();
    throw new DomainError("unauthenticated", wrongCredentials);
  }
  return { id: user.id, email: user.email, name: user.name, isOperator: user.is_operator };
}
