import type {
  MeetingPolicySettings,
  MeetingRecurrence,
  MeetingSpec,
  ProviderOccurrence,
} from "../provider.ts";

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

const recurrenceTypes = { daily: 1, weekly: 2, monthly: 3 } as const;

/**
 * A series' recurrence as Zoom's recurrence object names it: weekdays count from 1 (Sunday),
 * and the end is a number of occurrences or the last instant one may start.
 */
export function zoomRecurrence(recurrence: MeetingRecurrence) {
  return {
    type: recurrenceTypes[recurrence.frequency],
    repeat_interval: recurrence.interval,
    ...(recurrence.weekDays
      ? { weekly_days: recurrence.weekDays.map((d) => d + 1).join(",") }
      : {}),
    ...(recurrence.monthDay ? { monthly_day: recurrence.monthDay } : {}),
    ...(recurrence.count
      ? { end_times: recurrence.count }
      : recurrence.until
        ? { end_date_time: zoomStartTime(new Date(recurrence.until)) }
        : {}),
  };
}

/**
 * A meeting policy's settings as Zoom's meeting body names them. Recording is always off:
 * confab never records, whatever the account's default.
 */
function policySettings(policy: MeetingPolicySettings) {
  return {
    waiting_room: policy.waitingRoom,
    join_before_host: policy.joinBeforeHost,
    mute_upon_entry: policy.muteUponEntry,
    meeting_authentication: policy.authenticatedOnly,
    auto_recording: "none",
  };
}

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
  // A series' occurrences are scheduled from its start and recurrence together: Zoom wants the
  // recurrence whenever the start moves, and a meeting that starts or stops repeating changes type.
  const recurrenceAfter = next.recurrence ? zoomRecurrence(next.recurrence) : undefined;
  const recurrenceBefore = previous.recurrence ? zoomRecurrence(previous.recurrence) : undefined;
  const recurrenceChanged = JSON.stringify(recurrenceAfter) !== JSON.stringify(recurrenceBefore);
  if (recurrenceChanged || (recurrenceAfter && patch.start_time !== undefined)) {
    patch.start_time = after.start_time;
    patch.timezone = after.timezone;
    if (recurrenceAfter) patch.recurrence = recurrenceAfter;
    if (recurrenceChanged && !recurrenceAfter !== !recurrenceBefore) {
      patch.type = recurrenceAfter ? 8 : 2;
    }
  }
  const settings: Record<string, unknown> = {};
  if (after.alternative_hosts !== before.alternative_hosts) {
    settings.alternative_hosts = after.alternative_hosts;
  }
  if (next.policy) {
    // Without a policy before, the meeting has the account's defaults: all of it is sent.
    const policyAfter = policySettings(next.policy);
    const policyBefore = previous.policy ? policySettings(previous.policy) : undefined;
    for (const key of Object.keys(policyAfter) as (keyof typeof policyAfter)[]) {
      if (policyBefore?.[key] !== policyAfter[key]) settings[key] = policyAfter[key];
    }
    // No passcode asked for leaves the meeting's own: a link already sent keeps working.
    const passcode = next.policy.passcode;
    if (passcode !== undefined && passcode !== previous.policy?.passcode) patch.password = passcode;
  }
  if (Object.keys(settings).length > 0) patch.settings = settings;
  return patch;
}

/** One occurrence's own start and length, as `PATCH ?occurrence_id=` takes them. */
export function occurrencePatch(occurrence: ProviderOccurrence) {
  return {
    start_time: zoomStartTime(occurrence.startTime),
    duration: Math.min(1440, Math.max(1, Math.round(occurrence.durationMinutes))),
  };
}

export function createBody(meeting: MeetingSpec) {
  const { alternative_hosts, ...fields }: Fields = zoomMeetingFields(meeting);
  return {
    ...fields,
    // A series is one Zoom meeting with a fixed time that recurs (type 8): one join link.
    ...(meeting.recurrence
      ? { type: 8, recurrence: zoomRecurrence(meeting.recurrence) }
      : { type: 2 }),
    ...(meeting.policy?.passcode === undefined ? {} : { password: meeting.policy.passcode }),
    settings: {
      alternative_hosts,
      // confab tells people about their meetings itself; Zoom's own mails would duplicate it.
      alternative_hosts_email_notification: false,
      // confab never records, whatever the account's default.
      auto_recording: "none",
      ...(meeting.policy ? policySettings(meeting.policy) : {}),
    },
  };
}
