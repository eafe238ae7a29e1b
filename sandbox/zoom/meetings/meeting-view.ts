/**
 * Meetings as Zoom's create, get and list replies show them (zoom.md items 12,
 * 16, 17). A recurring meeting with a fixed time also shows its occurrences;
 * asked for one occurrence (`occurrence_id`), it shows that occurrence's start
 * time, duration, agenda and settings.
 */
import { zoomTime } from "../clock.ts";
import type { Meeting, Occurrence, User } from "../state.ts";
import { listedOccurrences, nextOccurrence, occurrenceView } from "./occurrences.ts";

export function joinUrl(meeting: Meeting, baseUrl: string): string {
  return `${baseUrl}/j/${meeting.id}?pwd=${meeting.encrypted_password}`;
}

export interface MeetingViewOptions {
  /** Without it every occurrence is shown, past ones included. */
  now?: number;
  /** Zoom's `show_previous_occurrences`. */
  showPrevious?: boolean;
  /** Zoom's `occurrence_id`: the occurrence the reply describes. */
  occurrence?: Occurrence;
}

export function meetingView(
  meeting: Meeting,
  host: User,
  baseUrl: string,
  options: MeetingViewOptions = {},
) {
  const { occurrence } = options;
  const occurrences =
    meeting.type === 8 && meeting.occurrences
      ? listedOccurrences(
          meeting,
          options.now ?? Number.NEGATIVE_INFINITY,
          options.showPrevious ?? false,
        ).map(occurrenceView)
      : undefined;
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.host_id,
    host_email: host.email,
    topic: meeting.topic,
    type: meeting.type,
    status: "waiting",
    start_time: zoomTime(occurrence?.start_time ?? meeting.start_time),
    duration: occurrence?.duration ?? meeting.duration,
    timezone: meeting.timezone,
    agenda: occurrence?.agenda ?? meeting.agenda,
    created_at: zoomTime(meeting.created_at),
    // The host's link carries a ZAK, a secret that lets its holder start the meeting.
    start_url: `${baseUrl}/s/${meeting.id}?zak=${meeting.zak}`,
    // One link for the whole series: every occurrence is joined through it.
    join_url: joinUrl(meeting, baseUrl),
    password: meeting.password,
    h323_password: meeting.h323_password,
    pstn_password: meeting.h323_password,
    encrypted_password: meeting.encrypted_password,
    pre_schedule: false,
    settings: { ...meeting.settings, ...occurrence?.settings },
    ...(meeting.tracking_fields === null
      ? {}
      : { tracking_fields: meeting.tracking_fields.map((field) => ({ ...field })) }),
    ...(occurrences === undefined ? {} : { occurrences }),
    ...(meeting.recurrence === null ? {} : { recurrence: { ...meeting.recurrence } }),
  };
}

/** A series is listed once, as type 8, at the time of its next occurrence. */
export function meetingListItem(meeting: Meeting, baseUrl: string, now: number) {
  const next = meeting.type === 8 ? nextOccurrence(meeting, now) : undefined;
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    start_time: zoomTime(next?.start_time ?? meeting.start_time),
    duration: next?.duration ?? meeting.duration,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    created_at: zoomTime(meeting.created_at),
    join_url: joinUrl(meeting, baseUrl),
  };
}
