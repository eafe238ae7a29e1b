/**
 * Zoom takes `start_time` either in UTC (`…Z`) or as local time in `timezone`
 * (zoom.md item 12), and always answers in UTC.
 */

export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

function offsetMs(instant: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant meant by `start_time`, or undefined when it is not a time Zoom accepts. */
export function parseStartTime(startTime: string, timezone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z?)$/.exec(
    startTime,
  );
  if (match === null) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match
    .slice(1, 7)
    .map(Number);
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(wallClock);
  if (date.getUTCDate() !== day || date.getUTCHours() !== hour || second > 59) return undefined;
  if (match[7] === "Z") return wallClock;
  const zone = timezone === "" ? "UTC" : timezone;
  if (!isKnownTimezone(zone)) return undefined;
  // The offset depends on the instant, so correct once around DST changes.
  const firstGuess = wallClock - offsetMs(wallClock, zone);
  return wallClock - offsetMs(firstGuess, zone);
}
