import type { Kysely, Selectable } from "kysely";
import type { EventsTable, MeetingsTable, Schema } from "../db/schema.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { Providers } from "../providers/registry.ts";
import type { ConferencingRequest, EventDetails } from "./event-input.ts";
import { wallClock } from "./zoned-time.ts";

export type EventRow = Selectable<EventsTable>;
export type MeetingRow = Selectable<MeetingsTable>;

/** Cronofy writes times as UTC, to the second. */
export const cronofyTime = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

/**
 * An event as the application reads it back (`GET /v1/events`, push notifications). Never the
 * host's start link, never a token. The providers say what their meetings cannot be (a longest
 * length), so that the event can say where its meeting falls short of it.
 */
export function eventView(event: EventRow, meeting: MeetingRow | undefined, providers: Providers) {
  const attendees = (event.attendees as { email: string; display_name?: string }[]).map((a) => ({
    email: a.email,
    display_name: a.display_name ?? null,
    status: "needs_action",
  }));
  const details = (event.details ?? {}) as EventDetails;
  // An all-day event reads back as dates, as it was written: the days in its own time zone.
  const when = (instant: Date) =>
    event.all_day ? wallClock(instant, event.time_zone).date : cronofyTime(instant);
  const location: Record<string, string> = {};
  if (event.location !== null) location.description = event.location;
  if (details.location_lat !== undefined) location.lat = details.location_lat;
  if (details.location_long !== undefined) location.long = details.location_long;
  const view: Record<string, unknown> = {
    calendar_id: event.calendar_id,
    event_uid: event.id,
    event_id: event.event_id,
    summary: event.summary,
    description: event.description,
    start: when(event.start_at),
    end: when(event.end_at),
    tzid: event.time_zone,
    deleted: event.deleted_at !== null,
    created: cronofyTime(event.created_at),
    updated: cronofyTime(event.updated_at),
    location: Object.keys(location).length > 0 ? location : undefined,
    attendees,
    organizer: { email: meeting?.host_email ?? null },
    status: event.deleted_at === null ? "confirmed" : "cancelled",
    participation_status: "accepted",
    transparency: details.transparency ?? "opaque",
    recurring: false,
    event_private: details.event_private ?? false,
    ...(details.url !== undefined ? { url: details.url } : {}),
    ...(details.color !== undefined ? { color: details.color } : {}),
    ...(details.reminders !== undefined ? { reminders: details.reminders } : {}),
    categories: [],
    options: { delete: true, update: true, change_participation_status: false },
  };
  // A cancelled event has no meeting to join (it is being deleted, or is gone).
  const conferencing =
    event.deleted_at === null ? conferencingView(event, meeting, providers) : undefined;
  if (conferencing) {
    view.conferencing = conferencing;
    if (typeof conferencing.join_url === "string") view.meeting_url = conferencing.join_url;
  }
  return view;
}

function conferencingView(
  event: EventRow,
  meeting: MeetingRow | undefined,
  providers: Providers,
): Record<string, unknown> | undefined {
  const view = stateView(event, meeting, providers);
  const skipped = event.conferencing_skipped_reason;
  if (!skipped) return view;
  return { ...(view ?? { skipped: true }), skipped_reason: skipped };
}

function stateView(
  event: EventRow,
  meeting: MeetingRow | undefined,
  providers: Providers,
): Record<string, unknown> | undefined {
  const request = event.conferencing_request as ConferencingRequest | null;
  const note = meeting ? shorterMeetingNote(event, providers.get(meeting.provider)) : undefined;
  const joined =
    meeting?.join_url && meeting.provider_meeting_id
      ? {
          provider_name: meeting.provider,
          join_url: meeting.join_url,
          meeting_id: meeting.provider_meeting_id,
          ...(meeting.password ? { password: meeting.password } : {}),
          ...(note ? { provider_note: note } : {}),
        }
      : undefined;
  switch (event.conferencing_state) {
    case "none":
      return undefined;
    case "pending":
      return { pending: true };
    case "assigned":
      if (request?.kind === "explicit") {
        return {
          provider_name: "explicit",
          provider_description: request.providerDescription,
          join_url: request.joinUrl,
        };
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
      // Cronofy has no such state: to an application it is conferencing that stopped working
      // (the conferencing_failing it was sent), with confab's detail of why beside it.
      return {
        failing: true,
        failing_reason: event.conferencing_reason,
        removed_at_provider: true,
      };
  }
}

/**
 * Said when the event lasts longer than its provider schedules a meeting for (Zoom: 24 hours),
 * rather than leaving the application to find a meeting shorter than its event.
 */
function shorterMeetingNote(
  event: EventRow,
  provider: ConferencingProvider | undefined,
): string | undefined {
  const longest = provider?.longestMeetingMinutes;
  if (!provider || longest === undefined) return undefined;
  const minutes = (event.end_at.getTime() - event.start_at.getTime()) / 60_000;
  if (minutes <= longest) return undefined;
  const length =
    longest % 60 === 0 ? `${longest / 60} hour${longest === 60 ? "" : "s"}` : `${longest} minutes`;
  const name = provider.displayName;
  return `${name} schedules a meeting for at most ${length}, so this ${name} meeting is scheduled for the first ${length} of the event; its link works for the whole event.`;
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
