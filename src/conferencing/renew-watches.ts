import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { scheduleWatch } from "./watch-connection.ts";

/**
 * How long before a watch lapses it is renewed: two days, so that a worker down for a day, or a
 * provider failing for one, still leaves time. (Outlook's watches last up to a week.)
 */
export const renewWithinMs = 2 * 24 * 3600_000;

/**
 * Hourly: every working connection whose watch lapses within `renewWithinMs` of `now` (or has
 * lapsed: it is then made again) gets a renewal job, as of `now`. Returns how many.
 */
export async function renewDueWatches(db: Kysely<Schema>, now = new Date()): Promise<number> {
  const due = await db
    .selectFrom("provider_watches")
    .innerJoin("provider_connections", "provider_connections.id", "provider_watches.connection_id")
    .select(["provider_watches.connection_id", "provider_watches.watch_id"])
    .where("provider_watches.expires_at", "<", new Date(now.getTime() + renewWithinMs))
    .where("provider_connections.status", "=", "connected")
    .execute();
  for (const watch of due) {
    await scheduleWatch(db, {
      connectionId: watch.connection_id,
      need: "renew",
      watchId: watch.watch_id,
      asOf: now.toISOString(),
    });
  }
  return due.length;
}
