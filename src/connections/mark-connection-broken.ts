import type { Kysely } from "kysely";
import { scheduleAlert } from "../alerts/schedule-alert.ts";
import type { Schema } from "../db/schema.ts";
import { withoutTokens } from "./without-tokens.ts";

/**
 * The provider no longer honours this grant: its tokens are dead, so they are deleted, and the
 * connection says why until its owner reconnects, and its owner (or the organization's admins)
 * are told once. A removed connection stays removed.
 */
export async function markConnectionBroken(
  db: Kysely<Schema>,
  connectionId: string,
  reason: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const broke = await trx
      .updateTable("provider_connections")
      .set(withoutTokens("broken", reason))
      .where("id", "=", connectionId)
      .where("status", "=", "connected")
      .returning("id")
      .executeTakeFirst();
    if (broke) await scheduleAlert(trx, { alert: "connection_broken", connectionId });
  });
}
