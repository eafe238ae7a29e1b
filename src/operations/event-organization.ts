import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Events with what it takes to know their organization: an application's event through its
 * calendar's application, a program meeting through its program. An event has exactly one of
 * the two, so the organization is whichever path leads somewhere.
 */
export function eventsWithOrganization(db: Kysely<Schema>) {
  return db
    .selectFrom("events")
    .leftJoin("application_calendars as event_calendar", "event_calendar.id", "events.calendar_id")
    .leftJoin(
      "applications as event_application",
      "event_application.id",
      "event_calendar.application_id",
    )
    .leftJoin("programs as event_program", "event_program.id", "events.program_id");
}

/** The organization of an event, in a query built on `eventsWithOrganization`. */
export const eventOrganizationId = sql<string>`coalesce(event_application.organization_id, event_program.organization_id)`;
