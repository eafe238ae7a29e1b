import type { MeetingSpec } from "../provider.ts";

/** Zoom's limits on the fields confab sends (zoom.md item 12). */
const topicLimit = 200;
const agendaLimit = 2000;

/**
 * The marker line closes the agenda: it names the confab event, so the meeting can be found in
 * the host's list after a create whose answer was lost, and tells a reader where it came from.
 */
export function agendaWithMarker(agenda: string, marker: string): string {
  const line = `(scheduled by confab, ref ${marker})`;
  const room = agendaLimit - line.length - 2;
  const text = agenda.length > room ? `${agenda.slice(0, room - 1)}…` : agenda;
  return text ? `${text}\n\n${line}` : line;
}

export function hasMarker(agenda: string | undefined, marker: string): boolean {
  return agenda?.includes(`ref ${marker})`) ?? false;
}

/** Zoom wants `yyyy-MM-ddTHH:mm:ssZ`, without milliseconds. */
export function zoomStartTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** The fields Zoom shows that confab sets, as Zoom's meeting body names them. */
export function zoomMeetingFields(meeting: MeetingSpec) {
  return {
    topic:
      meeting.topic.length > topicLimit
        ? `${meeting.topic.slice(0, topicLimit - 1)}…`
        : meeting.topic,
    start_time: zoomStartTime(meeting.startTime),
    duration: Math.min(1440, Math.max(1, Math.round(meeting.durationMinutes))),
    timezone: meeting.timeZone,
    agenda: agendaWithMarker(meeting.agenda, meeting.marker),
    alternative_hosts: [...meeting.alternativeHosts].sort().join(";"),
  };
}

type Fields = ReturnType<typeof zoomMeetingFields>;

/**
 * What to send to bring Zoom from `previous` to `next`: only the fields that differ, so that an
 * upsert that changes nothing Zoom shows costs no call (and none of the host's daily 100).
 */
export function meetingPatch(next: MeetingSpec, previous: MeetingSpec): Record<string, unknown> {
  const after = zoomMeetingFields(next);
  const before = zoomMeetingFields(previous);
  const patch: Record<string, unknown> = {};
  for (const key of ["topic", "start_time", "duration", "timezone", "agenda"] as const) {
    if (after[key] !== before[key]) patch[key] = after[key];
  }
  // A new start time is read in the time zone sent with it.
  if (patch.start_time !== undefined || patch.timezone !== undefined) {
    patch.start_time = after.start_time;
    patch.timezone = after.timezone;
  }
  if (after.alternative_hosts !== before.alternative_hosts) {
    patch.settings = { alternative_hosts: after.alternative_hosts };
  }
  return patch;
}

export function createBody(meeting: MeetingSpec) {
  const { alternative_hosts, ...fields }: Fields = zoomMeetingFields(meeting);
  return {
    ...fields,
    type: 2,
    settings: {
      alternative_hosts,
      // confab tells people about their meetings itself; Zoom's own mails would duplicate it.
      alternative_hosts_email_notification: false,
    },
  };
}
