import type { Kysely } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { Schema } from "../db/schema.ts";
import { type ChannelView, channelView } from "./channel-view.ts";

/** The caller's calendar's open channels, oldest first; closed ones are not listed, as in Cronofy. */
export async function listChannels(
  db: Kysely<Schema>,
  caller: CalendarCaller,
): Promise<ChannelView[]> {
  const rows = await db
    .selectFrom("channels")
    .select(["id", "callback_url", "filters"])
    .where("calendar_id", "=", caller.calendarId)
    .where("closed_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(channelView);
}
