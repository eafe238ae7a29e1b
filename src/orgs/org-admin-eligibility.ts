import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * An account whose address nobody has proven may run the one organization it started in, but
 * never become an admin of another: otherwise whoever first typed someone else's address into
 * confab would hold that person's admin seat wherever they are later added.
 */
export async function ensureMayBecomeOrgAdmin(
  db: Kysely<Schema>,
  input: { userId: string; email: string; organizationId: string },
): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select("email_verified_at")
    .where("id", "=", input.userId)
    .executeTakeFirstOrThrow();
  if (user.email_verified_at !== null) return;
  const elsewhere = await db
    .selectFrom("memberships")
    .select("organization_id")
    .where("user_id", "=", input.userId)
    .where("organization_id", "<>", input.organizationId)
    .executeTakeFirst();
  if (!elsewhere) return;
  throw new DomainError(
    "conflict",
    `${input.email} has not verified their email address yet, so they cannot be made an admin here. Invite them by mail instead: accepting the mailed invitation proves the address.`,
    { email: "This address is not verified yet: invite them by mail instead." },
  );
}
