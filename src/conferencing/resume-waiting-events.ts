import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { scheduleProvisioning } from "./schedule-provisioning.ts";

/**
 * After an owner connects or reconnects a profile, the events that were waiting for one (pending
 * or failing) get another go at once.
 */
export async function resumeWaitingEvents(db: Kysely<Schema>, ownerRef: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const waiting = await trx
      .selectFrom("events")
      .innerJoin("application_calendars", "application_calendars.id", "events.calendar_id")
      .select("events.id")
      .where("application_calendars.sub", "=", ownerRef)
      .where("events.deleted_at", "is", null)
      .where("events.conferencing_state", "in", ["pending", "failing"])
      .execute();
    for (const { id } of waiting) await scheduleProvisioning(trx, id);
    return waiting.length;
  });
}
