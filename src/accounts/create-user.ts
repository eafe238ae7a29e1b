import type { Kysely } from "kysely";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { normalizeEmail } from "./email-address.ts";
import { hashPassword, passwordProblem } from "./passwords.ts";

export interface NewUser {
  email: string;
  password: string;
  name?: string;
  isOperator?: boolean;
}

export interface User {
  id: string;
  email: string;
  name: string;
  isOperator: boolean;
  /** Whether the owner proved the address by a mailed link. */
  emailVerified: boolean;
}

/** Checks a new account's fields; every problem is reported at once, by field. */
export function validateNewUser(input: NewUser): { email: string; name: string } {
  const fields: Record<string, string> = {};
  const email = normalizeEmail(input.email);
  if (email === undefined) fields.email = "Enter an email address, like ada@example.com.";
  const problem = passwordProblem(input.password);
  if (problem) fields.password = problem;
  const name = (input.name ?? "").trim();
  if (name.length > 100) fields.name = "Use at most 100 characters.";
  if (Object.keys(fields).length > 0 || email === undefined) {
    throw new DomainError("invalid_input", "Some fields need attention.", fields);
  }
  return { email, name };
}

export async function createUser(db: Kysely<Schema>, input: NewUser): Promise<User> {
  const { email, name } = validateNewUser(input);
  const passwordHash = await hashPassword(input.password);
  const row = await db
    .insertInto("users")
    .values({
      id: newId("usr"),
      email,
      name,
      password_hash: passwordHash,
      is_operator: input.isOperator ?? false,
    })
    .onConflict((c) => c.column("email").doNothing())
    .returning(["id", "email", "name", "is_operator", "email_verified_at"])
    .executeTakeFirst();
  if (!row) {
    throw new DomainError("conflict", "There is already an account with this email.", {
      email: "There is already an account with this email.",
    });
  }
  return userOf(row);
}

/** A users row, as the rest of confab sees the person. */
export function userOf(row: {
  id: string;
  email: string;
  name: string;
  is_operator: boolean;
  email_verified_at: Date | null;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    isOperator: row.is_operator,
    emailVerified: row.email_verified_at !== null,
  };
}
