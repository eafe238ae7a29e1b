import { type Kysely, sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import { instantOf, wallClock } from "../conferencing/zoned-time.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import { durationChoices } from "./meeting-draft.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";
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
  const meeting = await loadProgramMeeting(db, access, programId, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  await db.transaction().execute(async (trx) => {
    const occurrences = await trx
      .selectFrom("event_occurrences")
      .select(["occurrence_id", "start_at", "duration_minutes", "status"])
      .where("event_id", "=", meeting.id)
      .forUpdate()
      .execute();
    const occurrence = occurrences.find((o) => o.occurrence_id === occurrenceId);
    if (!occurrence) throw new DomainError("not_found", "The series has no such meeting.");
    if (occurrence.status === "cancelled") {
      throw new DomainError(
        "conflict",
        "That meeting was cancelled: it cannot be moved. Change the series to meet on that day again.",
      );
    }
    if (occurrence.start_at.getTime() <= now.getTime()) {
      throw new DomainError(
        "conflict",
        "That meeting has started: only later ones can be changed.",
      );
    }
    const { startAt, durationMinutes } = readMove(fields, meeting.timeZone, now);
    const day = wallClock(startAt, meeting.timeZone).date;
    const sameDay = occurrences.find(
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
      return;
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
    await trx
      .updateTable("events")
      .set({ updated_at: sql`now()`, revision: sql`revision + 1` })
      .where("id", "=", meeting.id)
      .execute();
    await scheduleProvisioning(trx, meeting.id);
    await scheduleInvitationMail(trx, meeting.id);
  });
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
  const problems: Record<string, string> = {};
  const durationMinutes = Number(fields.duration);
  if (!durationChoices.includes(durationMinutes)) {
    problems.duration = "Choose a duration from the list.";
  }
  const date = fields.date.trim();
  const time = fields.time.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    problems.date = "Enter a date like 2030-05-01.";
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) problems.time = "Enter a time like 09:30.";
  let startAt: Date | undefined;
  if (!problems.date && !problems.time) {
    startAt = instantOf(date, time, timeZone);
    if (!startAt) {
      problems.time = `${time} does not exist on ${date} in ${timeZone}: the clocks change then. Choose another time.`;
    } else if (startAt.getTime() <= now.getTime()) {
      problems.date = "A meeting can only be moved to a time in the future.";
    }
  }
  if (Object.keys(problems).length > 0 || !startAt) {
    throw new DomainError("invalid_input", "Check the new date, time and duration.", problems);
  }
  return { startAt, durationMinutes };
}
