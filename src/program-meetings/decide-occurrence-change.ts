import type { Kysely, Transaction } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { OccurrenceChangeAtProvider } from "./occurrence-change-at-provider.ts";
import { loadProgramMeeting, type ProgramMeeting, partiesOf } from "./program-meeting.ts";

/**
 * What keeping and undoing a change made to one meeting of a series in the provider's own
 * interface share: who may decide, and the occurrence's row locked while `decide` acts on the
 * change, so that two decisions sent at once cannot both act. Returns false when no change was
 * waiting (already kept or undone).
 */
export async function decideOccurrenceChange(
  db: Kysely<Schema>,
  access: OrgAccess,
  target: { programId: string; meetingId: string; occurrenceId: string },
  decide: (
    trx: Transaction<Schema>,
    meeting: ProgramMeeting,
    change: OccurrenceChangeAtProvider,
  ) => Promise<void>,
): Promise<boolean> {
  const meeting = await loadProgramMeeting(db, access, target.programId, target.meetingId);
  authorizeOnMeeting(access, "meeting.change", partiesOf(meeting));
  if (meeting.cancelled) throw new DomainError("conflict", "This meeting was cancelled.");
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("event_occurrences")
      .select(["changed_at_provider"])
      .where("event_id", "=", meeting.id)
      .where("occurrence_id", "=", target.occurrenceId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError("not_found", "The series has no such meeting.");
    const change = row.changed_at_provider as OccurrenceChangeAtProvider | null;
    if (!change) return false;
    await decide(trx, meeting, change);
    return true;
  });
}
