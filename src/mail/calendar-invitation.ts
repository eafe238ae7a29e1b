import ical, {
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
  type ICalLuxonDateTimeStub,
} from "ical-generator";
import { tzlib_get_ical_block, tzlib_get_timezones } from "timezones-ical-library";

export interface CalendarInvitationInput {
  method: "REQUEST" | "CANCEL";
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
}

/**
 * The iCalendar text (RFC 5545) of an iTIP message (RFC 5546) about one meeting: a VCALENDAR
 * with its METHOD, the meeting zone's VTIMEZONE and one VEVENT whose start and end are the
 * wall-clock times of that zone, as the organizer chose them. UTC itself, a zone the VTIMEZONE
 * library does not know, and a start or end in the hour a clock repeats are written as UTC
 * times instead, which name the same instants to every reader.
 */
export function calendarInvitation(input: CalendarInvitationInput): string {
  const zone = zoneFor(input.timeZone, [input.start, input.end]);
  const calendar = ical({
    prodId: { company: "confab", product: "confab" },
    method: input.method === "CANCEL" ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide name: with one, ical-generator writes DTSTAMP and LAST-MODIFIED as
    // local times of that zone, and RFC 5545 wants them in UTC.
    timezone: { name: null, generator: (tzid) => (tzid === zone?.tzid ? zone.vtimezone : null) },
  });
  const description = withJoinLine(input.description, input.joinUrl);
  const where = input.joinUrl ?? input.location;
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence,
    start: instant(input.start),
    end: instant(input.end),
    timezone: zone?.tzid ?? null,
    stamp: input.stamp,
    lastModified: input.stamp,
    summary: input.summary,
    description: description === "" ? null : description,
    location: where ? where : null,
    url: input.joinUrl ? input.joinUrl : null,
    status: input.method === "CANCEL" ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: {
      name: parameterText(input.organizer.name) || input.organizer.email,
      email: input.organizer.email,
    },
    attendees: distinctByEmail(input.attendees).map((attendee) => ({
      name: parameterText(attendee.name) || attendee.email,
      email: attendee.email,
      // Being a host decides who may start the meeting, which happens at the video provider,
      // not in the calendar: there every invitee is simply asked to take part.
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      // A cancel asks nothing of anyone (RFC 5546 3.2.5).
      rsvp: input.method === "REQUEST" ? true : null,
    })),
  });
  // RFC 5545 ends every content line with CRLF, the last one too; ical-generator leaves it off.
  return `${calendar.toString()}\r\n`;
}

/** A safe attachment name for the invitation: ASCII, at most 60 characters, ".ics" included. */
export function icsFileName(summary: string): string {
  const slug = summary
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60 - ".ics".length)
    .replace(/^-+|-+$/g, "");
  return `${slug || "invitation"}.ics`;
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
  if (!knownZones.has(timeZone) || !clockOf(timeZone)) return undefined;
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
  const local = t + offsetAt(t, zone);
  // A zone changes its offset at most once a day: the offsets a day either side are all the
  // offsets that can hold near the instant.
  const readings = new Set(
    [offsetAt(t - day, zone), offsetAt(t + day, zone)]
      .map((offset) => local - offset)
      .filter((reading) => reading + offsetAt(reading, zone) === local),
  );
  return readings.size > 1;
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds. */
function offsetAt(t: number, zone: string): number {
  const p = wallClockParts(new Date(t), zone);
  const shown = Date.UTC(
    Number(p.yyyy),
    Number(p.LL) - 1,
    Number(p.dd),
    Number(p.HH),
    Number(p.mm),
    Number(p.ss),
  );
  return shown - (t - (((t % 1000) + 1000) % 1000));
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
  const clock = clockOf(zone);
  if (!clock) throw new RangeError(`Unknown time zone "${zone}"`);
  const parts = clock.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return {
    yyyy: part("year").padStart(4, "0"),
    LL: part("month"),
    dd: part("day"),
    HH: part("hour"),
    mm: part("minute"),
    ss: part("second"),
  };
}

const clocks = new Map<string, Intl.DateTimeFormat | undefined>();

/** A formatter for the zone's clock, made once per zone; undefined for a zone Intl does not know. */
function clockOf(zone: string): Intl.DateTimeFormat | undefined {
  if (!clocks.has(zone)) {
    let clock: Intl.DateTimeFormat | undefined;
    try {
      clock = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      clock = undefined;
    }
    clocks.set(zone, clock);
  }
  return clocks.get(zone);
}
