import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { scheduleProvisioning } from "./schedule-provisioning.ts";

/** Whose events to resume: a person's (their profiles) or an organization's (its install). */
export type EventOwner = { ownerRef: string } | { organizationId: string };

/**
 * After a connection appears or goes away, the events waiting on it (pending or failing) get
 * another go at once: connecting makes their meetings; an organization's uninstall tells its
 * program meetings still to be made why they will not be, without waiting for a retry. So do the
 * events whose meeting sits on a connection that is gone, whatever their state: connecting the
 * same account again applies the change that could not reach it, or deletes the meeting an event
 * no longer wants (retire-meeting.ts).
 */
export async function resumeWaitingEvents(db: Kysely<Schema>, owner: EventOwner): Promise<number> {
  const waiting = await db
    .selectFrom("events")
    .select("id")
    .where((eb) =>
      eb.or([
        eb.and([
          eb("deleted_at", "is", null),
          eb("conferencing_state", "in", ["pending", "failing"]),
        ]),
        // A meeting still to delete (cancelled, or switched away from the provider while it could
        // not be reached), or one on a connection that went away before its change reached it.
        eb.exists(
          eb
            .selectFrom("meetings")
            .innerJoin("provider_connections", "provider_connections.id", "meetings.connection_id")
            .select("meetings.event_id")
            .whereRef("meetings.event_id", "=", "events.id")
            .where((inner) =>
              inner.or([
                inner("events.deleted_at", "is not", null),
                inner("events.conferencing_state", "=", "none"),
                inner("provider_connections.status", "<>", "connected"),
              ]),
            ),
        ),
      ]),
    )
    .where((eb) =>
      "ownerRef" in owner
        ? eb.or([
            eb(
              "calendar_id",
              "in",
              eb.selectFrom("application_calendars").select("id").where("sub", "=", owner.ownerRef),
            ),
            // Program meetings a member hosts with their own profile (own-profile-hosting.ts).
            eb.and([
              eb(sql`conferencing_request->>'kind'`, "=", "member_profile"),
              eb(sql`conferencing_request->>'userId'`, "=", owner.ownerRef),
            ]),
          ])
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
