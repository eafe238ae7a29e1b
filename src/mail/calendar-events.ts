import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  type ICalCalendar,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalLuxonDateTimeStub,
} from "ical-generator";
import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";
import { isTimeZone } from "../conferencing/event-input.ts";
import { offsetAt, partsAt } from "../conferencing/zoned-time.ts";

/** One meeting as a VEVENT: what an invitation, a download and a person's feed all write. */
export interface CalendarEvent {
  /** stable per meeting, e.g. "evt_abc@confab.example" — the same UID on every update and the cancel */
  uid: string;
  /** 0 on the first invitation, raised on every change */
  sequence: number;
  summary: string;
  /** plain text, may be empty */
  description: string;
  /** instants */
  start: Date;
  end: Date;
  /** the meeting's IANA zone, e.g. "America/New_York"; DTSTART/DTEND are written in this TZID with a VTIMEZONE */
  timeZone: string;
  organizer: { name: string; email: string };
  attendees: {
    name: string;
    email: string;
    role?: "host" | "alternative_host" | "participant";
  }[];
  /** The join link, when the meeting has one: in LOCATION, URL and the description. Never a host's start link. */
  joinUrl?: string | undefined;
  /** Where, when not a video call (e.g. "Phone", "Room 4"): LOCATION */
  location?: string | undefined;
  /** DTSTAMP / LAST-MODIFIED: given, so output is deterministic in tests */
  stamp: Date;
  /** STATUS:CANCELLED instead of CONFIRMED. */
  cancelled: boolean;
  /** Whether each attendee is asked to answer (RSVP=TRUE): in a REQUEST only. */
  rsvp: boolean;
  /** A series: its RRULE line (RFC 5545) and any EXDATE lines; start and end are the first meeting's. */
  rrule?: string | undefined;
  /**
   * A series' meetings moved one by one: each is written as a VEVENT of its own with the same
   * UID and a RECURRENCE-ID naming the start it was scheduled for (RFC 5545 3.8.4.4).
   */
  moved?: { scheduledAt: Date; start: Date; end: Date }[] | undefined;
}

export interface CalendarText {
  /** REQUEST and CANCEL are iTIP messages (RFC 5546); PUBLISH is a calendar to copy or subscribe to. */
  method: "REQUEST" | "CANCEL" | "PUBLISH";
  events: CalendarEvent[];
  /** A subscribed calendar's name in the client (X-WR-CALNAME). */
  name?: string | undefined;
  /** How often a subscribed client should fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshSeconds?: number | undefined;
}

const methods = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH,
} as const;

/**
 * The iCalendar text (RFC 5545) of meetings: a VCALENDAR with its METHOD, a VTIMEZONE for each
 * meeting zone in use and a VEVENT per meeting whose start and end are the wall-clock times of
 * its zone, as the organizer chose them. UTC itself, a zone the VTIMEZONE library does not
 * know, and a start or end in the hour a clock repeats are written as UTC times instead, which
 * name the same instants to every reader.
 */
export function calendarText(input: CalendarText): string {
  const vtimezones = new Map<string, string>();
  const calendar = ical({
    prodId: { company: "confab", product: "confab" },
    method: methods[input.method],
    name: input.name ?? null,
    // No calendar-wide zone: with one, ical-generator writes DTSTAMP and LAST-MODIFIED as
    // local times of that zone, and RFC 5545 wants them in UTC.
    timezone: { name: null, generator: (tzid) => vtimezones.get(tzid) ?? null },
  });
  for (const event of input.events) {
    const zone = zoneFor(event.timeZone, [event.start, event.end]);
    if (zone) vtimezones.set(zone.tzid, zone.vtimezone);
    addEvent(calendar, event, zone?.tzid ?? null);
    for (const moved of event.rrule ? (event.moved ?? []) : []) {
      const own = zoneFor(event.timeZone, [moved.start, moved.end, moved.scheduledAt]);
      if (own) vtimezones.set(own.tzid, own.vtimezone);
      addEvent(
        calendar,
        { ...event, start: moved.start, end: moved.end, rrule: undefined, moved: undefined },
        own?.tzid ?? null,
        moved.scheduledAt,
      );
    }
  }
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  const text = `${calendar.toString()}\r\n`;
  return input.refreshSeconds ? withRefreshInterval(text, input.refreshSeconds) : text;
}

/**
 * REFRESH-INTERVAL (RFC 7986) and the older X-PUBLISHED-TTL, among the calendar's properties.
 * ical-generator writes them after the VTIMEZONEs, where RFC 5545 allows no calendar property.
 */
function withRefreshInterval(text: string, seconds: number): string {
  const duration = `PT${Math.max(1, Math.round(seconds / 60))}M`;
  return text.replace(
    /^(METHOD:[^\r\n]*\r\n)/m,
    `$1REFRESH-INTERVAL;VALUE=DURATION:${duration}\r\nX-PUBLISHED-TTL:${duration}\r\n`,
  );
}

function addEvent(
  calendar: ICalCalendar,
  event: CalendarEvent,
  tzid: string | null,
  recurrenceId?: Date,
) {
  const description = withJoinLine(event.description, event.joinUrl);
  const where = event.joinUrl ?? event.location;
  calendar.createEvent({
    id: event.uid,
    sequence: event.sequence,
    start: instant(event.start),
    end: instant(event.end),
    timezone: tzid,
    stamp: event.stamp,
    lastModified: event.stamp,
    summary: event.summary,
    description: description === "" ? null : description,
    location: where ? where : null,
    url: event.joinUrl ? event.joinUrl : null,
    repeating: event.rrule ?? null,
    recurrenceId: recurrenceId ? instant(recurrenceId) : null,
    status: event.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: {
      name: parameterText(event.organizer.name) || event.organizer.email,
      email: event.organizer.email,
    },
    attendees: distinctByEmail(event.attendees).map((attendee) => ({
      name: parameterText(attendee.name) || attendee.email,
      email: attendee.email,
      // Being a host decides who may start the meeting, which happens at the video provider,
      // not in the calendar: there every invitee is simply asked to take part.
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // A cancel asks nothing of anyone (RFC 5546 3.2.5).
      rsvp: event.rsvp ? true : null,
    })),
  });
}

function withJoinLine(description: string, joinUrl: string | undefined): string {
  if (!joinUrl) return description;
  const text = description.trimEnd();
  return text === "" ? `Join: ${joinUrl}` : `${text}\n\nJoin: ${joinUrl}`;
}

/**
 * CN is a quoted parameter value, where RFC 5545 has no escapes: a double quote or a line
 * break in a display name would end the parameter early or break the line.
 */
function parameterText(name: string): string {
  return name
    .replace(/[\r\n\t]+/g, " ")
    .replaceAll('"', "'")
    .trim();
}

/** A person invited twice (say as host and as invitee) would get two ATTENDEE lines. */
function distinctByEmail<T extends { email: string }>(people: T[]): T[] {
  const seen = new Set<string>();
  return people.filter((person) => {
    const key = person.email.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const zoneList = tzlib_get_timezones();
const knownZones = new Set(Array.isArray(zoneList) ? zoneList : []);
const utcZones = new Set(["Etc/UTC", "Etc/GMT"]);

/** The TZID and VTIMEZONE to write the instants in, or undefined to write them in UTC. */
function zoneFor(
  timeZone: string,
  instants: Date[],
): { tzid: string; vtimezone: string } | undefined {
  // Asked about a zone it does not know, the library prints to the console; it also knows
  // a few names of its own ("ET", "PT") that Intl, which finds the wall-clock times, does not.
  if (!knownZones.has(timeZone) || !isTimeZone(timeZone)) return undefined;
  if (instants.some((at) => isRepeatedLocalTime(at, timeZone))) return undefined;
  const block = tzlib_get_ical_block(timeZone);
  if (!Array.isArray(block)) return undefined;
  const [vtimezone, tzidLine] = block;
  if (!vtimezone || !tzidLine) return undefined;
  const target = tzidLine.replace(/^TZID=/, "");
  if (utcZones.has(target)) return undefined;
  return { tzid: timeZone, vtimezone: renamed(vtimezone, target, timeZone) };
}

/**
 * The library answers an alias or a zone linked to another ("US/Eastern", "Europe/Amsterdam")
 * with the block of the zone it points to ("America/New_York", "Europe/Brussels"), whose rules
 * are the same since 1970. The block is renamed after the meeting's own zone, so that TZID is
 * the zone the organizer chose and clients show that name.
 */
function renamed(vtimezone: string, from: string, to: string): string {
  return vtimezone
    .split(/\r?\n/)
    .map((line) =>
      line === `TZID:${from}` || line === `X-LIC-LOCATION:${from}` ? line.replace(from, to) : line,
    )
    .join("\r\n");
}

const day = 86_400_000;

/**
 * Whether the zone's clock shows the instant's time twice, as in the hour repeated when summer
 * time ends. RFC 5545 reads such a local time as its first occurrence and ical.js as its
 * second, so the local time alone cannot say which of the two is meant.
 */
function isRepeatedLocalTime(at: Date, zone: string): boolean {
  const t = at.getTime();
  const offset = (ms: number) => offsetAt(new Date(ms), zone);
  const local = t + offset(t);
  // A zone changes its offset at most once a day: the offsets a day either side are all the
  // offsets that can hold near the instant.
  const readings = new Set(
    [offset(t - day), offset(t + day)]
      .map((shift) => local - shift)
      .filter((reading) => reading + offset(reading) === local),
  );
  return readings.size > 1;
}

/**
 * ical-generator writes a native Date in a named zone with the getters of the process's own
 * local time zone: it expects the caller to have shifted it already. An instant handed over in
 * the shape it asks of a Luxon DateTime is instead put into the event's zone by ical-generator
 * itself (setZone) and formatted there, so the TZID and the wall-clock time cannot disagree.
 */
function instant(at: Date, zone = "UTC"): ICalLuxonDateTimeStub {
  return {
    isValid: true,
    zone: { type: "iana" },
    setZone: (next = "UTC") => instant(at, next),
    toFormat: (format) => {
      const parts = wallClockParts(at, zone);
      const text = format.replace(/yyyy|LL|dd|HH|mm|ss/g, (token) => parts[token] ?? token);
      // The Luxon tokens ical-generator formats with; any other fails rather than mis-dates.
      if (/[A-Za-z]/.test(text)) throw new Error(`Unsupported date format "${format}"`);
      return text;
    },
    toJSDate: () => new Date(at),
    toJSON: () => at.toISOString(),
  };
}

/** The zone's clock at an instant, by Luxon format token: yyyy LL dd HH mm ss. */
function wallClockParts(at: Date, zone: string): Record<string, string> {
  const parts = partsAt(at, zone);
  return {
    yyyy: (parts.year ?? "").padStart(4, "0"),
    LL: parts.month ?? "",
    dd: parts.day ?? "",
    HH: parts.hour ?? "",
    mm: parts.minute ?? "",
    ss: parts.second ?? "",
  };
}
