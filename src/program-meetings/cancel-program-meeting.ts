import { type Kysely, sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";

/**
 * Cancels a meeting: it is marked cancelled at once, and the worker deletes its provider meeting
 * (one that was made in an install since removed is left in place, as the organization's) and
 * mails everyone on it a cancellation for their calendars.
 */
export async function cancelProgramMeeting(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
): Promise<void> {
  const meeting = await loadProgramMeeting(db, access, programId, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  await db.transaction().execute(async (trx) => {
    const cancelled = await trx
      .updateTable("events")
      .set({ deleted_at: sql`now()`, updated_at: sql`now()`, revision: sql`revision + 1` })
      .where("id", "=", meeting.id)
      .where("deleted_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    if (cancelled) {
      await scheduleProvisioning(trx, cancelled.id);
      await scheduleInvitationMail(trx, cancelled.id);
    }
  });
}
