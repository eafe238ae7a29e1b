import { type Kysely, sql } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * Closes one of the caller's calendar's channels: nothing more is sent through it, including
 * what was written but not delivered yet. Closing a closed channel again changes nothing, so a
 * retried request succeeds; another calendar's channel is not found.
 */
export async function closeChannel(
  db: Kysely<Schema>,
  caller: CalendarCaller,
  channelId: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const channel = await trx
      .selectFrom("channels")
      .select(["id", "closed_at"])
      .where("id", "=", channelId)
      .where("calendar_id", "=", caller.calendarId)
      .forUpdate()
      .executeTakeFirst();
    if (!channel) throw new DomainError("not_found", "There is no such channel for this token.");
    if (channel.closed_at) return;
    await trx
      .updateTable("channels")
      .set({ closed_at: sql`now()` })
      .where("id", "=", channel.id)
      .execute();
    await trx
      .updateTable("notifications")
      .set({ superseded_at: sql`now()` })
      .where("channel_id", "=", channel.id)
      .where("delivered_at", "is", null)
      .where("failed_at", "is", null)
      .where("superseded_at", "is", null)
      .execute();
  });
}
