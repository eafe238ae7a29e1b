import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { type CalendarEvent, calendarText } from "../mail/calendar-events.ts";
import { icsFileName } from "../mail/calendar-invitation.ts";
import { calendarOrganizer, meetingUid } from "../program-meetings/meeting-on-calendars.ts";
import { repeatingLines, type SeriesRule } from "../program-meetings/meeting-series.ts";
import type { ProgramMeeting } from "../program-meetings/program-meeting.ts";
import {
  cancelledStarts,
  type MovedOccurrence,
  movedOccurrences,
} from "../program-meetings/series-occurrences.ts";

/** What a program meeting puts in a calendar. */
export interface MeetingOnCalendar {
  id: string;
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  timeZone: string;
  modeLabel: string;
  organizer: { name: string; email: string } | undefined;
  /** The provider meeting's join link, when it exists. */
  joinUrl: string | null;
  cancelled: boolean;
  /** events.calendar_sequence: the SEQUENCE of the invitations mailed. */
  sequence: number;
  /**
   * A series: how it repeats (events.recurrence), the scheduled starts of its cancelled
   * meetings, and its meetings moved one by one.
   */
  recurrence?: SeriesRule | null;
  cancelledOccurrences?: Date[];
  movedOccurrences?: MovedOccurrence[];
}

/**
 * A program meeting as a published event: the invitations' UID and SEQUENCE, the join link
 * (never a host's start link), and no attendees, since a published calendar asks nobody to
 * answer.
 */
export function meetingEvent(meeting: MeetingOnCalendar, publicUrl: string): CalendarEvent {
  const joinUrl = !meeting.cancelled && meeting.joinUrl ? meeting.joinUrl : undefined;
  return {
    uid: meetingUid(meeting.id, publicUrl),
    sequence: meeting.sequence,
    summary: meeting.title,
    description: meeting.description,
    start: meeting.startAt,
    end: meeting.endAt,
    timeZone: meeting.timeZone,
    organizer: calendarOrganizer(meeting.organizer, publicUrl),
    attendees: [],
    joinUrl,
    location: joinUrl ? undefined : meeting.modeLabel || undefined,
    stamp: new Date(),
    cancelled: meeting.cancelled,
    rsvp: false,
    rrule: meeting.recurrence
      ? repeatingLines(meeting.recurrence, meeting.timeZone, meeting.cancelledOccurrences ?? [])
      : undefined,
    moved: (meeting.movedOccurrences ?? []).map((m) => ({
      scheduledAt: m.scheduledAt,
      start: m.startAt,
      end: new Date(m.startAt.getTime() + m.durationMinutes * 60_000),
    })),
  };
}

/** One meeting as an .ics file to download ("Add to calendar" on its page). */
export async function meetingCalendarFile(
  db: Kysely<Schema>,
  meeting: ProgramMeeting,
  publicUrl: string,
): Promise<{ filename: string; content: string }> {
  const row = await db
    .selectFrom("events")
    .select(["calendar_sequence", "recurrence"])
    .where("id", "=", meeting.id)
    .executeTakeFirstOrThrow();
  const event = meetingEvent(
    {
      ...meeting,
      joinUrl: meeting.conferencing.joinUrl,
      sequence: row.calendar_sequence,
      recurrence: row.recurrence as SeriesRule | null,
      cancelledOccurrences: row.recurrence ? await cancelledStarts(db, meeting.id) : [],
      movedOccurrences: row.recurrence ? await movedOccurrences(db, meeting.id) : [],
    },
    publicUrl,
  );
  return {
    filename: icsFileName(meeting.title),
    content: calendarText({ method: "PUBLISH", events: [event] }),
  };
}
