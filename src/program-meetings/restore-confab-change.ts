import type { Kysely } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { adoptProviderSideChange } from "../conferencing/adopt-provider-side-change.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
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
