import type { Kysely } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { adoptProviderSideChange } from "../conferencing/adopt-provider-side-change.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { decideOccurrenceChange } from "./decide-occurrence-change.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";

/**
 * Puts the meeting's time (and title) back at the provider as confab has it, after a change made
 * in the provider's own interface: the worker sends exactly the fields that differ. The meeting
 * itself does not change here, so its invitations stand. Returns false when no change was waiting.
 */
export async function restoreConfabChange(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
): Promise<boolean> {
  const meeting = await loadProgramMeeting(db, access, programId, meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  return db.transaction().execute(async (trx) => {
    const adopted = await adoptProviderSideChange(trx, meeting.id);
    if (adopted) await scheduleProvisioning(trx, meeting.id);
    return adopted;
  });
}

/**
 * Puts one meeting of a series back at the provider as confab has it, after it was moved there in
 * the provider's own interface: the worker sends that one occurrence's time again. A meeting
 * deleted there cannot be: the provider has no way to bring back one occurrence of a series
 * (its API only deletes them), so the person is told so, with what can be done instead.
 * Returns false when no change was waiting.
 */
export async function restoreOccurrence(
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
      if (change.change === "deleted") {
        throw new DomainError("conflict", deletedCannotBeRestored(change.provider));
      }
      await trx
        .updateTable("event_occurrences")
        .set({ provider_pending: true, changed_at_provider: null })
        .where("event_id", "=", meeting.id)
        .where("occurrence_id", "=", occurrenceId)
        .execute();
      await scheduleProvisioning(trx, meeting.id);
    },
  );
}

/** Why a meeting deleted in the provider's interface cannot be put back, and what can be done. */
export function deletedCannotBeRestored(provider: string): string {
  return `${provider} cannot bring back one meeting of a series once it is deleted there. Keep it cancelled, so that everyone's invitation says so; to meet at that time anyway, make a separate meeting for it.`;
}
