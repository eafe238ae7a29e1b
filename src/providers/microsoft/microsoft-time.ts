import { partsAt } from "../../conferencing/zoned-time.ts";

/**
 * The IANA zone names Outlook's calendar takes besides Windows' own names, as the
 * dateTimeTimeZone reference lists them ("Additional time zones",
 * learn.microsoft.com/graph/api/resources/datetimetimezone); methods such as create and update
 * may support fewer, so anything else is sent as UTC, which every method takes.
 */
const outlookIanaZones = new Set([
  "Etc/GMT+12",
  "Etc/GMT+11",
  "Pacific/Honolulu",
  "America/Anchorage",
  "America/Santa_Isabel",
  "America/Los_Angeles",
  "America/Phoenix",
  "America/Chihuahua",
  "America/Denver",
  "America/Guatemala",
  "America/Chicago",
  "America/Mexico_City",
  "America/Regina",
  "America/Bogota",
  "America/New_York",
  "America/Indiana/Indianapolis",
  "America/Caracas",
  "America/Asuncion",
  "America/Halifax",
  "America/Cuiaba",
  "America/La_Paz",
  "America/Santiago",
  "America/St_Johns",
  "America/Sao_Paulo",
  "America/Argentina/Buenos_Aires",
  "America/Cayenne",
  "America/Godthab",
  "America/Montevideo",
  "America/Bahia",
  "Etc/GMT+2",
  "Atlantic/Azores",
  "Atlantic/Cape_Verde",
  "Africa/Casablanca",
  "Etc/GMT",
  "Europe/London",
  "Atlantic/Reykjavik",
  "Europe/Berlin",
  "Europe/Budapest",
  "Europe/Paris",
  "Europe/Warsaw",
  "Africa/Lagos",
  "Africa/Windhoek",
  "Europe/Bucharest",
  "Asia/Beirut",
  "Africa/Cairo",
  "Asia/Damascus",
  "Africa/Johannesburg",
  "Europe/Kyiv",
  "Europe/Kiev",
  "Europe/Istanbul",
  "Asia/Jerusalem",
  "Asia/Amman",
  "Asia/Baghdad",
  "Europe/Kaliningrad",
  "Asia/Riyadh",
  "Africa/Nairobi",
  "Asia/Tehran",
  "Asia/Dubai",
  "Asia/Baku",
  "Europe/Moscow",
  "Indian/Mauritius",
  "Asia/Tbilisi",
  "Asia/Yerevan",
  "Asia/Kabul",
  "Asia/Karachi",
  "Asia/Tashkent",
  "Asia/Kolkata",
  "Asia/Colombo",
  "Asia/Kathmandu",
  "Asia/Almaty",
  "Asia/Dhaka",
  "Asia/Yekaterinburg",
  "Asia/Yangon",
  "Asia/Rangoon",
  "Asia/Bangkok",
  "Asia/Novosibirsk",
  "Asia/Shanghai",
  "Asia/Krasnoyarsk",
  "Asia/Singapore",
  "Australia/Perth",
  "Asia/Taipei",
  "Asia/Ulaanbaatar",
  "Asia/Irkutsk",
  "Asia/Tokyo",
  "Asia/Seoul",
  "Australia/Adelaide",
  "Australia/Darwin",
  "Australia/Brisbane",
  "Australia/Sydney",
  "Pacific/Port_Moresby",
  "Australia/Hobart",
  "Asia/Yakutsk",
  "Pacific/Guadalcanal",
  "Asia/Vladivostok",
  "Pacific/Auckland",
  "Etc/GMT-12",
  "Pacific/Fiji",
  "Asia/Magadan",
  "Pacific/Tongatapu",
  "Pacific/Apia",
  "Pacific/Kiritimati",
]);

/** The zone Outlook is given for a meeting's IANA zone: its own name, or UTC. */
export function outlookZone(timeZone: string): string {
  if (outlookIanaZones.has(timeZone)) return timeZone;
  return "UTC";
}

/** Graph's dateTimeTimeZone: the wall-clock time in the zone, without an offset. */
export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

/**
 * An instant as a dateTimeTimeZone in the meeting's zone, so Outlook shows and keeps the
 * meeting in the zone it was scheduled in (`originalStartTimeZone`), not only as an instant.
 */
export function graphDateTime(instant: Date, timeZone: string): DateTimeTimeZone {
  const utc = { dateTime: instant.toISOString().slice(0, 19), timeZone: "UTC" };
  const zone = outlookZone(timeZone);
  if (zone === "UTC") return utc;
  let parts: Record<string, string>;
  try {
    parts = partsAt(instant, zone);
  } catch {
    // A name this runtime's time zone data does not have: the instant is kept all the same.
    return utc;
  }
  const get = (type: string) => parts[type] ?? "00";
  return {
    dateTime: `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}`,
    timeZone: zone,
  };
}
