import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * The provider no longer honours this grant: its tokens are dead, so they are deleted, and the
 * connection says why until its owner reconnects. A removed connection stays removed.
 */
export async function markConnectionBroken(
  db: Kysely<Schema>,
  connectionId: string,
  reason: string,
): Promise<void> {
  await db
    .updateTable("provider_connections")
    .set({
      status: "broken",
      status_reason: reason,
      access_token: null,
      refresh_token: null,
      access_token_expires_at: null,
      updated_at: sql`now()`,
    })
    .where("id", "=", connectionId)
    .where("status", "=", "connected")
    .execute();
}
