import { type Kysely, sql, type Transaction } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import { refuseOverOccurrenceChange } from "./occurrence-change-at-provider.ts";
import { loadProgramMeeting, type ProgramMeeting, partiesOf } from "./program-meeting.ts";

export interface OccurrenceRow {
  occurrence_id: string;
  start_at: Date;
  duration_minutes: number;
  status: string;
}

/**
 * What changing one meeting of a series (moving or cancelling it) always does: the person must
 * be allowed to change the meeting, the series must still be on, and the meeting must be one of
 * it that has not started. Its series' meetings are locked while `change` decides; when it
 * changed something (true), the event moves a revision on, so that the worker brings that
 * occurrence in step at the provider and the invitations go out again.
 */
export async function changeOneOccurrence(
  db: Kysely<Schema>,
  access: OrgAccess,
  target: { programId: string; meetingId: string; occurrenceId: string; now: Date },
  /** What the refusal of a started meeting says may still be done: "changed", "cancelled". */
  verb: string,
  change: (
    trx: Transaction<Schema>,
    found: { meeting: ProgramMeeting; occurrence: OccurrenceRow; series: OccurrenceRow[] },
  ) => Promise<boolean>,
): Promise<void> {
  const meeting = await loadProgramMeeting(db, access, target.programId, target.meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  await db.transaction().execute(async (trx) => {
    const series = await trx
      .selectFrom("event_occurrences")
      .select(["occurrence_id", "start_at", "duration_minutes", "status", "changed_at_provider"])
      .where("event_id", "=", meeting.id)
      .forUpdate()
      .execute();
    const occurrence = series.find((o) => o.occurrence_id === target.occurrenceId);
    if (!occurrence) throw new DomainError("not_found", "The series has no such meeting.");
    refuseOverOccurrenceChange(occurrence.changed_at_provider);
    if (
      occurrence.status !== "cancelled" &&
      occurrence.start_at.getTime() <= target.now.getTime()
    ) {
      throw new DomainError(
        "conflict",
        `That meeting has started: only later ones can be ${verb}.`,
      );
    }
    if (!(await change(trx, { meeting, occurrence, series }))) return;
    await trx
      .updateTable("events")
      .set({ updated_at: sql`now()`, revision: sql`revision + 1` })
      .where("id", "=", meeting.id)
      .execute();
    await scheduleProvisioning(trx, meeting.id);
    await scheduleInvitationMail(trx, meeting.id);
  });
}
