import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { scheduleProvisioning } from "./schedule-provisioning.ts";

/** Whose events to resume: a person's (their profiles) or an organization's (its install). */
export type EventOwner = { ownerRef: string } | { organizationId: string };

/**
 * After a connection appears or goes away, the events waiting on it (pending or failing) get
 * another go at once: connecting makes their meetings; an organization's uninstall tells its
 * program meetings still to be made why they will not be, without waiting for a retry.
 */
export async function resumeWaitingEvents(db: Kysely<Schema>, owner: EventOwner): Promise<number> {
  const waiting = await db
    .selectFrom("events")
    .select("id")
    .where("deleted_at", "is", null)
    .where("conferencing_state", "in", ["pending", "failing"])
    .where((eb) =>
      "ownerRef" in owner
        ? eb(
            "calendar_id",
            "in",
            eb.selectFrom("application_calendars").select("id").where("sub", "=", owner.ownerRef),
          )
        : eb(
            "program_id",
            "in",
            eb
              .selectFrom("programs")
              .select("id")
              .where("organization_id", "=", owner.organizationId),
          ),
    )
    .execute();
  for (const { id } of waiting) await scheduleProvisioning(db, id);
  return waiting.length;
}
