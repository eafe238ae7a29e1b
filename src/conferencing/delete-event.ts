import { type Kysely, sql } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleProvisioning } from "./schedule-provisioning.ts";

/**
 * Deletes an event: it is marked deleted at once and its meeting is deleted by the worker.
 * Deleting an event that does not exist (or no longer does) is not an error, as in Cronofy.
 */
export async function deleteEvent(
  db: Kysely<Schema>,
  caller: CalendarCaller,
  calendarId: string,
  key: { eventId: string } | { eventUid: string },
): Promise<void> {
  if (calendarId !== caller.calendarId) {
    throw new DomainError("not_found", "There is no such calendar for this access token.");
  }
  await db.transaction().execute(async (trx) => {
    const deleted = await trx
      .updateTable("events")
      .set({ deleted_at: sql`now()`, updated_at: sql`now()`, revision: sql`revision + 1` })
      .where("calendar_id", "=", calendarId)
      .where(
        "eventId" in key ? "event_id" : "id",
        "=",
        "eventId" in key ? key.eventId : key.eventUid,
      )
      .where("deleted_at", "is", null)
      .returning("id")
      .executeTakeFirst();
    // Always: a create may be in flight, and its meeting must not outlive the event.
    if (deleted) await scheduleProvisioning(trx, deleted.id);
  });
}
