import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { SeriesRule } from "./meeting-series.ts";
import type { MeetingSeries } from "./series-occurrences.ts";

/**
 * The series of those of the meetings that repeat, by meeting id, in two queries whatever their
 * number: what a list of meetings shows beside each (loadSeries reads one).
 */
export async function seriesOfMeetings(
  db: Kysely<Schema>,
  eventIds: string[],
): Promise<Map<string, MeetingSeries>> {
  const found = new Map<string, MeetingSeries>();
  if (eventIds.length === 0) return found;
  const events = await db
    .selectFrom("events")
    .select(["id", "recurrence"])
    .where("id", "in", eventIds)
    .where("recurrence", "is not", null)
    .execute();
  if (events.length === 0) return found;
  for (const event of events) {
    found.set(event.id, { rule: event.recurrence as SeriesRule, occurrences: [] });
  }
  const rows = await db
    .selectFrom("event_occurrences")
    .select(["event_id", "occurrence_id", "start_at", "duration_minutes", "status"])
    .where("event_id", "in", [...found.keys()])
    .orderBy("start_at")
    .execute();
  for (const row of rows) {
    found.get(row.event_id)?.occurrences.push({
      occurrenceId: row.occurrence_id,
      startAt: row.start_at,
      durationMinutes: row.duration_minutes,
      status: row.status,
    });
  }
  return found;
}
