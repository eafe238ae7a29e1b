import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { calendarText } from "../mail/calendar-events.ts";
import type { SeriesRule } from "../program-meetings/meeting-series.ts";
import { cancelledStarts, movedOccurrences } from "../program-meetings/series-occurrences.ts";
import { meetingEvent } from "./meeting-event.ts";

/** How far back the feed reaches, and how long a cancelled meeting stays in it as cancelled. */
export const feedDays = 30;

/** Subscribed calendars are asked to fetch the feed again this often. */
export const feedRefreshSeconds = 60 * 60;

/**
 * A person's calendar feed: every program meeting they host or are invited to, from 30 days
 * ago on, in the organizations and programs where they may still see it (the meeting page's
 * rule). A cancelled meeting stays for 30 days as CANCELLED, so calendars subscribed to the
 * feed drop it instead of keeping a stale copy; a meeting the person was taken off is simply
 * gone, which a subscribed calendar reads the same way.
 */
export async function personalFeed(
  db: Kysely<Schema>,
  input: { userId: string; publicUrl: string },
): Promise<string> {
  const { userId } = input;
  const since = sql<Date>`now() - make_interval(days => ${feedDays})`;
  const rows = await db
    .selectFrom("events")
    .innerJoin("programs", "programs.id", "events.program_id")
    .innerJoin("memberships", (join) =>
      join
        .onRef("memberships.organization_id", "=", "programs.organization_id")
        .on("memberships.user_id", "=", userId),
    )
    .leftJoin("users as organizer", "organizer.id", "events.organizer_id")
    .leftJoin("meetings", "meetings.event_id", "events.id")
    .select([
      "events.id",
      "events.summary",
      "events.description",
      "events.start_at",
      "events.end_at",
      "events.time_zone",
      "events.meeting_mode_label",
      "events.deleted_at",
      "events.calendar_sequence",
      "events.recurrence",
      "organizer.email as organizer_email",
      "organizer.name as organizer_name",
      "meetings.provider_meeting_id",
      "meetings.join_url",
    ])
    // A series' start and end are its first meeting's: it stays while any of its meetings does.
    .where((eb) =>
      eb.or([
        eb("events.end_at", ">=", since),
        eb.exists(
          eb
            .selectFrom("event_occurrences")
            .select("event_occurrences.event_id")
            .whereRef("event_occurrences.event_id", "=", "events.id")
            .where("event_occurrences.start_at", ">=", since),
        ),
      ]),
    )
    .where((eb) =>
      eb.or([eb("events.deleted_at", "is", null), eb("events.deleted_at", ">", since)]),
    )
    .where((eb) =>
      eb.or([
        eb("events.organizer_id", "=", userId),
        eb.exists(
          eb
            .selectFrom("event_invitees")
            .select("event_invitees.user_id")
            .whereRef("event_invitees.event_id", "=", "events.id")
            .where("event_invitees.user_id", "=", userId),
        ),
      ]),
    )
    // As on the meeting's page: an organization's admins see its programs, others need a role.
    .where((eb) =>
      eb.or([
        eb("memberships.role", "=", "org_admin"),
        eb.exists(
          eb
            .selectFrom("program_roles")
            .select("program_roles.user_id")
            .whereRef("program_roles.program_id", "=", "events.program_id")
            .where("program_roles.user_id", "=", userId),
        ),
      ]),
    )
    .orderBy("events.start_at")
    .limit(2000)
    .execute();
  const series = new Map(
    await Promise.all(
      rows
        .filter((row) => row.recurrence)
        .map(
          async (row) =>
            [
              row.id,
              {
                recurrence: row.recurrence as SeriesRule,
                cancelledOccurrences: await cancelledStarts(db, row.id),
                movedOccurrences: await movedOccurrences(db, row.id),
              },
            ] as const,
        ),
    ),
  );
  return calendarText({
    method: "PUBLISH",
    name: "confab meetings",
    refreshSeconds: feedRefreshSeconds,
    events: rows.map((row) =>
      meetingEvent(
        {
          id: row.id,
          title: row.summary,
          description: row.description,
          startAt: row.start_at,
          endAt: row.end_at,
          timeZone: row.time_zone,
          modeLabel: row.meeting_mode_label ?? "",
          organizer: row.organizer_email
            ? { name: row.organizer_name ?? "", email: row.organizer_email }
            : undefined,
          joinUrl: row.provider_meeting_id ? row.join_url : null,
          cancelled: row.deleted_at !== null,
          sequence: row.calendar_sequence,
          ...series.get(row.id),
        },
        input.publicUrl,
      ),
    ),
  });
}
