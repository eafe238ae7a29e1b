import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { withoutTokens } from "./without-tokens.ts";

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
    .set(withoutTokens("broken", reason))
    .where("id", "=", connectionId)
    .where("status", "=", "connected")
    .execute();
}
