/**
 * Graph writes times two ways: `dateTimeTimeZone` pairs for events (a local time plus a
 * Windows or IANA zone name; replies in UTC with seven fraction digits unless the client asks
 * otherwise, learn.microsoft.com/graph/api/resources/datetimetimezone) and ISO 8601 instants
 * for online meetings and subscriptions.
 */

/** Windows zone names Outlook takes (a subset of those listed under dateTimeTimeZone). */
const WINDOWS_ZONES: Record<string, string> = {
  UTC: "UTC",
  "Coordinated Universal Time": "UTC",
  "Pacific Standard Time": "America/Los_Angeles",
  "Mountain Standard Time": "America/Denver",
  "Central Standard Time": "America/Chicago",
  "Eastern Standard Time": "America/New_York",
  "GMT Standard Time": "Europe/London",
  "Greenwich Standard Time": "Atlantic/Reykjavik",
  "W. Europe Standard Time": "Europe/Berlin",
  "Romance Standard Time": "Europe/Paris",
  "Central Europe Standard Time": "Europe/Budapest",
  "E. Europe Standard Time": "Europe/Chisinau",
  "FLE Standard Time": "Europe/Kiev",
  "India Standard Time": "Asia/Kolkata",
  "China Standard Time": "Asia/Shanghai",
  "Tokyo Standard Time": "Asia/Tokyo",
  "AUS Eastern Standard Time": "Australia/Sydney",
  "New Zealand Standard Time": "Pacific/Auckland",
  "Hawaiian Standard Time": "Pacific/Honolulu",
  "Alaskan Standard Time": "America/Anchorage",
  "SA Pacific Standard Time": "America/Bogota",
  "E. South America Standard Time": "America/Sao_Paulo",
};

const IANA_ZONES = new Set(Intl.supportedValuesOf("timeZone"));

/** The IANA zone a Graph time zone name stands for; undefined when Outlook would not take it. */
export function ianaZone(name: string): string | undefined {
  const windows = WINDOWS_ZONES[name];
  if (windows !== undefined) return windows;
  if (name === "Etc/UTC" || name === "Etc/GMT") return "UTC";
  return IANA_ZONES.has(name) ? name : undefined;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const WITH_OFFSET = /(Z|[+-]\d{2}:\d{2})$/;

function offsetMs(instant: number, zone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant of a local `dateTime` in `zone` (IANA); undefined when it is not a date-time. */
export function localToInstant(dateTime: string, zone: string): number | undefined {
  if (WITH_OFFSET.test(dateTime)) {
    const instant = Date.parse(dateTime);
    return Number.isNaN(instant) ? undefined : instant;
  }
  const match = LOCAL_TIME.exec(dateTime);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction] = match.map((value) => value ?? "0");
  const guess = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(guess);
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return undefined;
  const millis = Number(`0.${fraction}`) * 1000;
  const first = guess - offsetMs(guess, zone);
  const second = guess - offsetMs(first, zone);
  return Math.round(second + millis);
}

/** `2031-05-06T10:00:00.0000000`, the UTC form Graph answers events with. */
export function graphUtcDateTime(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19)}.0000000`;
}

/** `2031-05-06T10:00:00Z`-style instants, as Graph writes them outside events. */
export function isoInstant(instant: number): string {
  return new Date(instant).toISOString().replace(".000Z", "Z");
}
