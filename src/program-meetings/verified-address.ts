import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Whether the person proved their address by a mailed link. Hosting in an organization's
 * provider account goes by email, so an unproven address could claim someone else's host seat.
 */
export async function hasVerifiedAddress(db: Kysely<Schema>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("users")
    .select("email_verified_at")
    .where("id", "=", userId)
    .executeTakeFirst();
  return row?.email_verified_at != null;
}

export function unverifiedHostProblem(email: string, providerName: string): string {
  return `Confirm your email address (${email}) first: ${providerName} hosts are matched by email, so confab lets only a confirmed address host. Under Your account, ask for a confirmation link, then come back.`;
}
