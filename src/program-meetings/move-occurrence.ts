import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import { wallClock } from "../conferencing/zoned-time.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { changeOneOccurrence } from "./change-one-occurrence.ts";
import { readTypedTime } from "./meeting-draft.ts";
import { scheduledStartOf } from "./series-occurrences.ts";

/** The fields of "Change this one", as typed: a date and time in the meeting's zone. */
export interface OccurrenceMoveFields {
  date: string;
  time: string;
  duration: string;
}

/**
 * Moves one meeting of a series to its own date, time or length: the series, its other
 * meetings and its join link stay. It is saved at once; the worker changes only that occurrence
 * at the provider, and the invitations are sent again with it as an exception to the series
 * (RECURRENCE-ID).
 */
export async function moveOccurrence(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
  occurrenceId: string,
  fields: OccurrenceMoveFields,
  now = new Date(),
): Promise<void> {
  await changeOneOccurrence(
    db,
    access,
    { programId, meetingId, occurrenceId, now },
    "changed",
    async (trx, { meeting, occurrence, series }) => {
      if (occurrence.status === "cancelled") {
        throw new DomainError(
          "conflict",
          "That meeting was cancelled: it cannot be moved. Change the series to meet on that day again.",
        );
      }
      const { startAt, durationMinutes } = readMove(fields, meeting.timeZone, now);
      const day = wallClock(startAt, meeting.timeZone).date;
      const sameDay = series.find(
        (o) =>
          o.occurrence_id !== occurrenceId &&
          o.status !== "cancelled" &&
          wallClock(o.start_at, meeting.timeZone).date === day,
      );
      if (sameDay) {
        throw new DomainError(
          "invalid_input",
          "Another meeting of the series is on that day: choose another day, or cancel that one first.",
          { date: `The series already meets on ${day}.` },
        );
      }
      if (
        startAt.getTime() === occurrence.start_at.getTime() &&
        durationMinutes === occurrence.duration_minutes
      ) {
        return false;
      }
      const scheduled = scheduledStartOf(occurrenceId);
      const backAsScheduled =
        startAt.getTime() === scheduled.getTime() &&
        durationMinutes === meetingMinutes(meeting.startAt, meeting.endAt);
      await trx
        .updateTable("event_occurrences")
        .set({
          start_at: startAt,
          duration_minutes: durationMinutes,
          status: backAsScheduled ? "scheduled" : "moved",
          // Sent as a change of that one occurrence, even when it goes back to its scheduled time.
          provider_pending: true,
        })
        .where("event_id", "=", meeting.id)
        .where("occurrence_id", "=", occurrenceId)
        .execute();
      return true;
    },
  );
}

function meetingMinutes(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 60_000);
}

/** Reads the typed date, time and length in the meeting's zone, every problem by field. */
function readMove(
  fields: OccurrenceMoveFields,
  timeZone: string,
  now: Date,
): { startAt: Date; durationMinutes: number } {
  const { startAt, durationMinutes, problems } = readTypedTime(fields, timeZone);
  if (startAt && startAt.getTime() <= now.getTime()) {
    problems.date = "A meeting can only be moved to a time in the future.";
  }
  if (Object.keys(problems).length > 0 || !startAt) {
    throw new DomainError("invalid_input", "Check the new date, time and duration.", problems);
  }
  return { startAt, durationMinutes };
}
