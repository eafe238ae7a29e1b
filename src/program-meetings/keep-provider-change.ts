import { type Kysely, sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { loadProviderSideChange } from "../conferencing/provider-side-change.ts";
import { wallClock } from "../conferencing/zoned-time.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import type { Program } from "../orgs/programs.ts";
import { decideOccurrenceChange } from "./decide-occurrence-change.ts";
import type { Person } from "./hosting-plan.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { repeatFieldsOf } from "./meeting-series.ts";
import { prepareProgramMeeting } from "./prepare-program-meeting.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";
import { saveProgramMeeting } from "./save-program-meeting.ts";
import { loadSeries, scheduledStartOf } from "./series-occurrences.ts";

/**
 * Moves a program meeting to the time (and title) it was given in the provider's own interface.
 * It is saved as any change is, so everyone invited gets the updated invitation; saving takes the
 * provider's change as what the provider has, so nothing is sent back there. Returns false when
 * no change was waiting (already kept or undone).
 */
export async function keepProviderChange(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  viewer: Person,
  meetingId: string,
): Promise<boolean> {
  const meeting = await loadProgramMeeting(deps.db, access, program.id, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  const change = await loadProviderSideChange(deps.db, meeting.id);
  if (!change) return false;
  const { date, time } = wallClock(new Date(change.startTime), change.timeZone);
  const series = await loadSeries(deps.db, meeting.id);
  // The meeting stays as its organizer made it: the same people, mode and hosts; only the
  // provider's fields change.
  const creator = meeting.organizer ?? viewer;
  const fields = {
    title: change.topic ?? meeting.title,
    description: meeting.description,
    date,
    time,
    duration: String(change.durationMinutes),
    timeZone: change.timeZone,
    invitees: meeting.people.filter((p) => p.userId !== creator.userId).map((p) => p.userId),
    mode: meeting.modeKey,
    repeat: repeatFieldsOf(series?.rule),
  };
  let prepared: Awaited<ReturnType<typeof prepareProgramMeeting>>;
  try {
    prepared = await prepareProgramMeeting(deps, access, program, creator, fields, meeting);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    const name = deps.providers.get(meeting.conferencing.provider ?? "")?.displayName;
    throw new DomainError(
      "unprocessable",
      `The meeting cannot take its time in ${name ?? "the provider"}: ${Object.values(error.fields).join(" ")} Restore confab's time, or change the meeting.`,
    );
  }
  await saveProgramMeeting(deps.db, access, program, prepared, meeting.id);
  return true;
}

/**
 * Takes what was done to one meeting of a series in the provider's own interface: moved there,
 * it is moved in confab to that time; deleted there, it is cancelled in confab. Everyone invited
 * gets the updated invitation (the meeting as an exception, RECURRENCE-ID, or excluded, EXDATE).
 * The provider already has it so: nothing is sent there. Returns false when no change was waiting.
 */
export async function keepOccurrenceChange(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
  occurrenceId: string,
): Promise<boolean> {
  return decideOccurrenceChange(
    db,
    access,
    { programId, meetingId, occurrenceId },
    async (trx, meeting, change) => {
      const occurrence = trx
        .updateTable("event_occurrences")
        .where("event_id", "=", meeting.id)
        .where("occurrence_id", "=", occurrenceId);
      if (change.change === "deleted") {
        // The provider no longer has it: there is nothing left there to delete.
        await occurrence
          .set({ status: "cancelled", provider_occurrence_id: null, changed_at_provider: null })
          .execute();
      } else {
        const startAt = new Date(change.startTime);
        const seriesMinutes = Math.round(
          (meeting.endAt.getTime() - meeting.startAt.getTime()) / 60_000,
        );
        const asScheduled =
          startAt.getTime() === scheduledStartOf(occurrenceId).getTime() &&
          change.durationMinutes === seriesMinutes;
        await occurrence
          .set({
            start_at: startAt,
            duration_minutes: change.durationMinutes,
            status: asScheduled ? "scheduled" : "moved",
            provider_pending: false,
            changed_at_provider: null,
          })
          .execute();
      }
      await trx
        .updateTable("events")
        .set({ updated_at: sql`now()`, revision: sql`revision + 1` })
        .where("id", "=", meeting.id)
        .execute();
      await scheduleInvitationMail(trx, meeting.id);
    },
  );
}
