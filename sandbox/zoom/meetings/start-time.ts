/**
 * Zoom takes `start_time` either in UTC (`…Z`) or as local time in `timezone`
 * (zoom.md item 12), and always answers in UTC. Recurring meetings repeat on
 * the host's calendar, so the wall clock in `timezone` is also needed both ways.
 */

export function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** A date and time on the wall clock of some timezone; `weekday` 0 is Sunday. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

function zoneOrUtc(timezone: string): string {
  return timezone === "" || !isKnownTimezone(timezone) ? "UTC" : timezone;
}

/** What a clock on the wall in `timezone` shows at `instant`. */
export function wallClockAt(instant: number, timezone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zoneOrUtc(timezone),
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const year = part("year");
  const month = part("month");
  const day = part("day");
  return {
    year,
    month,
    day,
    hour: part("hour"),
    minute: part("minute"),
    second: part("second"),
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

function offsetMs(instant: number, timezone: string): number {
  const clock = wallClockAt(instant, timezone);
  const asUtc = Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock in `timezone` shows the given date and time. */
export function instantAtWallClock(clock: Omit<WallClock, "weekday">, timezone: string): number {
  const wallClock = Date.UTC(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    clock.second,
  );
  const zone = zoneOrUtc(timezone);
  // The offset depends on the instant, so correct once around DST changes.
  const firstGuess = wallClock - offsetMs(wallClock, zone);
  return wallClock - offsetMs(firstGuess, zone);
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
  return instantAtWallClock({ year, month, day, hour, minute, second }, zone);
}
