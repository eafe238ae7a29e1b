import type { Kysely } from "kysely";
import type { User } from "../accounts/create-user.ts";
import { userOf } from "../accounts/create-user.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { findDemoPerson } from "./demo-people.ts";

/**
 * One-click sign-in, for the demo's own people only: any other account, operators made from the
 * environment included, still needs its password. The route calling this exists in demo mode
 * alone, so with the demo off there is nothing to call.
 */
export async function signInAsDemoPerson(db: Kysely<Schema>, email: string): Promise<User> {
  const person = findDemoPerson(email);
  if (!person) {
    throw new DomainError("forbidden", "Only the demo's accounts have one-click sign-in.");
  }
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "is_operator", "email_verified_at"])
    .where("email", "=", person.email)
    .executeTakeFirst();
  if (!user) {
    throw new DomainError("not_found", "This demo account no longer exists.");
  }
  return userOf(user);
}
