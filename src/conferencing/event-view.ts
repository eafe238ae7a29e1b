import type { Kysely, Selectable } from "kysely";
import type { EventsTable, MeetingsTable, Schema } from "../db/schema.ts";
import type { ConferencingRequest } from "./event-input.ts";

export type EventRow = Selectable<EventsTable>;
export type MeetingRow = Selectable<MeetingsTable>;

/** Cronofy writes times as UTC, to the second. */
export const cronofyTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * An event as the application reads it back (`GET /v1/events`, push notifications). Never the
 * host's start link, never a token.
 */
export function eventView(event: EventRow, meeting: MeetingRow | undefined) {
  const attendees = (event.attendees as { email: string; display_name?: string }[]).map((a) => ({
    email: a.email,
    display_name: a.display_name ?? null,
    status: "needs_action",
  }));
  const view: Record<string, unknown> = {
    calendar_id: event.calendar_id,
    event_uid: event.id,
    event_id: event.event_id,
    summary: event.summary,
    description: event.description,
    start: cronofyTime(event.start_at),
    end: cronofyTime(event.end_at),
    tzid: event.time_zone,
    deleted: event.deleted_at !== null,
    created: cronofyTime(event.created_at),
    updated: cronofyTime(event.updated_at),
    location: event.location === null ? undefined : { description: event.location },
    attendees,
    organizer: { email: meeting?.host_email ?? null },
    status: event.deleted_at === null ? "confirmed" : "cancelled",
    participation_status: "accepted",
    transparency: "opaque",
    recurring: false,
    event_private: false,
  };
  // A cancelled event has no meeting to join (it is being deleted, or is gone).
  const conferencing = event.deleted_at === null ? conferencingView(event, meeting) : undefined;
  if (conferencing) view.conferencing = conferencing;
  return view;
}

function conferencingView(event: EventRow, meeting: MeetingRow | undefined) {
  const request = event.conferencing_request as ConferencingRequest | null;
  const joined =
    meeting?.join_url && meeting.provider_meeting_id
      ? {
          provider_name: meeting.provider,
          join_url: meeting.join_url,
          meeting_id: meeting.provider_meeting_id,
          ...(meeting.password ? { password: meeting.password } : {}),
        }
      : undefined;
  switch (event.conferencing_state) {
    case "none":
      return undefined;
    case "pending":
      return { pending: true };
    case "assigned":
      if (request?.kind === "explicit") {
        return { provider_description: request.providerDescription, join_url: request.joinUrl };
      }
      return joined ?? { pending: true };
    case "failing":
      return {
        ...(joined ?? { pending: true }),
        failing: true,
        failing_reason: event.conferencing_reason,
        ...(event.conferencing_relink_url
          ? { profile_relink_url: event.conferencing_relink_url }
          : {}),
      };
    case "removed":
      return { removed: true, removed_reason: event.conferencing_reason };
  }
}

/** The event with its meeting, as the view needs them. */
export async function loadEventWithMeeting(db: Kysely<Schema>, eventId: string) {
  const event = await db
    .selectFrom("events")
    .selectAll()
    .where("id", "=", eventId)
    .executeTakeFirst();
  if (!event) return undefined;
  const meeting = await db
    .selectFrom("meetings")
    .selectAll()
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return { event, meeting };
}
