import { type Kysely, sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";

/**
 * Cancels one meeting of a series: the series and its join link go on. It is marked at once;
 * the worker deletes that occurrence at the provider, and the invitations are sent again with
 * it excluded (EXDATE).
 */
export async function cancelOccurrence(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
  occurrenceId: string,
  now = new Date(),
): Promise<void> {
  const meeting = await loadProgramMeeting(db, access, programId, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  await db.transaction().execute(async (trx) => {
    const occurrence = await trx
      .selectFrom("event_occurrences")
      .select(["start_at", "status"])
      .where("event_id", "=", meeting.id)
      .where("occurrence_id", "=", occurrenceId)
      .forUpdate()
      .executeTakeFirst();
    if (!occurrence) {
      throw new DomainError("not_found", "The series has no such meeting.");
    }
    if (occurrence.status === "cancelled") return;
    if (occurrence.start_at.getTime() <= now.getTime()) {
      throw new DomainError(
        "conflict",
        "That meeting has started: only later ones can be cancelled.",
      );
    }
    await trx
      .updateTable("event_occurrences")
      .set({ status: "cancelled" })
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
