import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { changeOneOccurrence } from "./change-one-occurrence.ts";

/**
 * Cancels one meeting of a series: the series and its join link go on. It is marked at once;
 * the worker deletes that occurrence at the provider, and the invitations are sent again with
 * it excluded (EXDATE). Cancelling it again changes nothing.
 */
export async function cancelOccurrence(
  db: Kysely<Schema>,
  access: OrgAccess,
  programId: string,
  meetingId: string,
  occurrenceId: string,
  now = new Date(),
): Promise<void> {
  await changeOneOccurrence(
    db,
    access,
    { programId, meetingId, occurrenceId, now },
    "cancelled",
    async (trx, { meeting, occurrence }) => {
      if (occurrence.status === "cancelled") return false;
      await trx
        .updateTable("event_occurrences")
        .set({ status: "cancelled" })
        .where("event_id", "=", meeting.id)
        .where("occurrence_id", "=", occurrenceId)
        .execute();
      return true;
    },
  );
}
