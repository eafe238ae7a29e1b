import { type Kysely, sql } from "kysely";
import { wallClock } from "../conferencing/zoned-time.ts";
import type { Schema } from "../db/schema.ts";
import type { SeriesRule } from "./meeting-series.ts";
import type { OccurrenceChangeAtProvider } from "./occurrence-change-at-provider.ts";

/** One meeting of a series, as its pages show it. */
export interface SeriesOccurrence {
  /** The start it was scheduled for, in epoch milliseconds. */
  occurrenceId: string;
  /** Its start now: the scheduled one, or where it was moved to. */
  startAt: Date;
  durationMinutes: number;
  status: "scheduled" | "cancelled" | "moved";
  /** Moved or deleted in the provider's own interface, not yet kept or undone (0030). */
  changedAtProvider?: OccurrenceChangeAtProvider | null;
}

/** The start an occurrence was scheduled for: what its id names, wherever it was moved. */
export function scheduledStartOf(occurrenceId: string): Date {
  return new Date(Number(occurrenceId));
}

export interface MeetingSeries {
  rule: SeriesRule;
  occurrences: SeriesOccurrence[];
}

/**
 * Keeps a series' occurrences in step with its schedule: those it still meets on stay (with
 * the provider's ids), new ones are added, the rest go. A meeting that no longer repeats has none.
 * A new schedule makes the provider schedule every occurrence anew, which undoes the moves of
 * single meetings: they go back to their scheduled times here too. A cancelled meeting stays
 * cancelled on its day, at whatever time the series now meets (and is cancelled again there).
 * Changes that keep the schedule keep the moves.
 */
export async function saveOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  starts: Date[],
  durationMinutes: number,
): Promise<void> {
  const ids = starts.map((s) => String(s.getTime()));
  const saved = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "status"])
    .where("event_id", "=", eventId)
    .execute();
  const anew = schedulesAnewFrom(saved, ids);
  // The new starts on the days of cancelled meetings, which are cancelled too.
  const stillCancelled = new Set<string>();
  if (anew && starts.length > 0) {
    const { time_zone: zone } = await db
      .selectFrom("events")
      .select("time_zone")
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();
    const known = new Set(saved.map((o) => o.occurrence_id));
    const cancelledDays = new Set(
      saved
        .filter((o) => o.status === "cancelled")
        .map((o) => wallClock(scheduledStartOf(o.occurrence_id), zone).date),
    );
    for (const start of starts) {
      const id = String(start.getTime());
      if (!known.has(id) && cancelledDays.has(wallClock(start, zone).date)) {
        stillCancelled.add(id);
      }
    }
    await db
      .updateTable("event_occurrences")
      .set((eb) => ({
        status: "scheduled",
        start_at: sql<Date>`to_timestamp(${eb.ref("occurrence_id")}::bigint / 1000.0)`,
        provider_pending: false,
      }))
      .where("event_id", "=", eventId)
      .where("status", "=", "moved")
      .execute();
    // The provider schedules the series anew too, forgetting what was changed in its own
    // interface: those notes no longer hold (the review said so, with the moves undone).
    await db
      .updateTable("event_occurrences")
      .set({ changed_at_provider: null })
      .where("event_id", "=", eventId)
      .where("changed_at_provider", "is not", null)
      .execute();
  }
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
        // A new start on a day whose meeting was cancelled: cancelled too.
        ...(stillCancelled.has(String(start.getTime())) ? { status: "cancelled" as const } : {}),
      })),
    )
    .onConflict((c) =>
      c
        .columns(["event_id", "occurrence_id"])
        .doUpdateSet((eb) => ({ duration_minutes: eb.ref("excluded.duration_minutes") }))
        // A moved meeting keeps the length it was given.
        .where("event_occurrences.status", "!=", "moved"),
    )
    .execute();
}

/** Whether these starts are another schedule than the series' saved one. */
function schedulesAnewFrom(saved: { occurrence_id: string }[], ids: string[]): boolean {
  const known = new Set(saved.map((r) => r.occurrence_id));
  return known.size !== ids.length || ids.some((id) => !known.has(id));
}

async function schedulesAnew(db: Kysely<Schema>, eventId: string, ids: string[]) {
  const rows = await db
    .selectFrom("event_occurrences")
    .select("occurrence_id")
    .where("event_id", "=", eventId)
    .execute();
  return schedulesAnewFrom(rows, ids);
}

/**
 * How many meetings moved one by one a change of the series to these starts puts back to their
 * scheduled times: what its review says before it is saved.
 */
export async function movesUndoneBy(
  db: Kysely<Schema>,
  eventId: string,
  starts: Date[],
): Promise<number> {
  const ids = starts.map((s) => String(s.getTime()));
  if (!(await schedulesAnew(db, eventId, ids))) return 0;
  const moved = await db
    .selectFrom("event_occurrences")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("event_id", "=", eventId)
    // A meeting moved in the provider's own interface goes back to the series' time there too.
    .where((eb) => eb.or([eb("status", "=", "moved"), eb("changed_at_provider", "is not", null)]))
    .executeTakeFirstOrThrow();
  return Number(moved.n);
}

/** The scheduled starts of a series' cancelled meetings: its invitations' EXDATEs. */
export async function cancelledStarts(db: Kysely<Schema>, eventId: string): Promise<Date[]> {
  const rows = await db
    .selectFrom("event_occurrences")
    .select("occurrence_id")
    .where("event_id", "=", eventId)
    .where("status", "=", "cancelled")
    .execute();
  return rows.map((r) => scheduledStartOf(r.occurrence_id)).sort((a, b) => +a - +b);
}

/** A meeting of a series moved on its own: the start it was scheduled for, and its own. */
export interface MovedOccurrence {
  scheduledAt: Date;
  startAt: Date;
  durationMinutes: number;
}

/** A series' meetings moved one by one: its invitations' VEVENTs with a RECURRENCE-ID. */
export async function movedOccurrences(
  db: Kysely<Schema>,
  eventId: string,
): Promise<MovedOccurrence[]> {
  const rows = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "start_at", "duration_minutes"])
    .where("event_id", "=", eventId)
    .where("status", "=", "moved")
    .orderBy("start_at")
    .execute();
  return rows.map((r) => ({
    scheduledAt: scheduledStartOf(r.occurrence_id),
    startAt: r.start_at,
    durationMinutes: r.duration_minutes,
  }));
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
    .select(["occurrence_id", "start_at", "duration_minutes", "status", "changed_at_provider"])
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
      changedAtProvider: r.changed_at_provider as OccurrenceChangeAtProvider | null,
    })),
  };
}
