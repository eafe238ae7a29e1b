import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ProviderOccurrence } from "../providers/provider.ts";
import type { SeriesRule } from "./meeting-series.ts";

/** One meeting of a series, as its pages show it. */
export interface SeriesOccurrence {
  /** The start it was scheduled for, in epoch milliseconds. */
  occurrenceId: string;
  startAt: Date;
  durationMinutes: number;
  status: "scheduled" | "cancelled";
}

export interface MeetingSeries {
  rule: SeriesRule;
  occurrences: SeriesOccurrence[];
}

/**
 * Keeps a series' occurrences in step with its schedule: those it still meets on stay (with
 * the provider's ids), new ones are added, the rest go. A meeting that no longer repeats has none.
 */
export async function saveOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  starts: Date[],
  durationMinutes: number,
): Promise<void> {
  const ids = starts.map((s) => String(s.getTime()));
  let gone = db.deleteFrom("event_occurrences").where("event_id", "=", eventId);
  if (ids.length > 0) gone = gone.where("occurrence_id", "not in", ids);
  await gone.execute();
  if (starts.length === 0) return;
  await db
    .insertInto("event_occurrences")
    .values(
      starts.map((start) => ({
        event_id: eventId,
        occurrence_id: String(start.getTime()),
        start_at: start,
        duration_minutes: durationMinutes,
      })),
    )
    .onConflict((c) =>
      c.columns(["event_id", "occurrence_id"]).doUpdateSet((eb) => ({
        duration_minutes: eb.ref("excluded.duration_minutes"),
      })),
    )
    .execute();
}

/**
 * The provider's ids of a new series' occurrences, matched to confab's by start: what a later
 * change or cancel of one occurrence names at the provider.
 */
export async function recordProviderOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  occurrences: ProviderOccurrence[],
): Promise<void> {
  for (const occurrence of occurrences) {
    await db
      .updateTable("event_occurrences")
      .set({ provider_occurrence_id: occurrence.id })
      .where("event_id", "=", eventId)
      .where("start_at", "=", occurrence.startTime)
      .execute();
  }
}

/**
 * Deletes at the provider each occurrence cancelled in confab that it still has; its provider id
 * is let go once done, so that a retry sends nothing twice.
 */
export async function deleteCancelledOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  deleteOne: (providerOccurrenceId: string) => Promise<unknown>,
): Promise<void> {
  const cancelled = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id"])
    .where("event_id", "=", eventId)
    .where("status", "=", "cancelled")
    .where("provider_occurrence_id", "is not", null)
    .execute();
  for (const occurrence of cancelled) {
    await deleteOne(occurrence.provider_occurrence_id as string);
    await db
      .updateTable("event_occurrences")
      .set({ provider_occurrence_id: null })
      .where("event_id", "=", eventId)
      .where("occurrence_id", "=", occurrence.occurrence_id)
      .execute();
  }
}

/** The starts of a series' cancelled meetings: its invitations' EXDATEs. */
export async function cancelledStarts(db: Kysely<Schema>, eventId: string): Promise<Date[]> {
  const rows = await db
    .selectFrom("event_occurrences")
    .select("start_at")
    .where("event_id", "=", eventId)
    .where("status", "=", "cancelled")
    .orderBy("start_at")
    .execute();
  return rows.map((r) => r.start_at);
}

/** The meeting's series, when it repeats. */
export async function loadSeries(
  db: Kysely<Schema>,
  eventId: string,
): Promise<MeetingSeries | undefined> {
  const event = await db
    .selectFrom("events")
    .select("recurrence")
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event?.recurrence) return undefined;
  const rows = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "start_at", "duration_minutes", "status"])
    .where("event_id", "=", eventId)
    .orderBy("start_at")
    .execute();
  return {
    rule: event.recurrence as SeriesRule,
    occurrences: rows.map((r) => ({
      occurrenceId: r.occurrence_id,
      startAt: r.start_at,
      durationMinutes: r.duration_minutes,
      status: r.status,
    })),
  };
}
