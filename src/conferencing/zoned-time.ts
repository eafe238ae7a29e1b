/**
 * Wall-clock times in a named time zone, without a date library: a person picks "9:00 on
 * 3 May in Europe/Paris", confab stores the instant, and shows it back as they wrote it.
 */

const partsFormat = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormat.set(timeZone, format);
  }
  return format;
}

/**
 * The zone's clock at an instant, by Intl part: year, month, day, hour (00–23), minute, second.
 * Throws a RangeError for a zone this runtime does not know.
 */
export function partsAt(instant: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
}

/** The wall clock in `timeZone` at `instant`, as "YYYY-MM-DD" and "HH:MM". */
export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = partsAt(instant, timeZone);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/**
 * The instant a wall-clock date and time in `timeZone` names; undefined for a time the clocks
 * skip (the hour lost when summer time starts). In the hour that repeats, the first is taken.
 */
export function instantOf(date: string, time: string, timeZone: string): Date | undefined {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const asUtc = Date.UTC(y as number, (mo as number) - 1, d as number, h as number, mi as number);
  // Try the zone's offsets around that moment: the one whose wall clock matches is the answer.
  const candidates = [-1, 0, 1]
    .map((day) => asUtc - offsetAt(new Date(asUtc + day * 86_400_000), timeZone))
    .sort((a, b) => a - b);
  for (const candidate of candidates) {
    const back = wallClock(new Date(candidate), timeZone);
    if (back.date === date && back.time === time) return new Date(candidate);
  }
  return undefined;
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in milliseconds. */
export function offsetAt(instant: Date, timeZone: string): number {
  const p = partsAt(instant, timeZone);
  const wall = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** "Tue 5 May 2026, 09:00 (Europe/Paris)": how a meeting's time reads on its pages. */
export function describeTime(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(instant);
  return `${text} (${timeZone})`;
}

/** Every time zone this runtime knows, for the picker. */
export function knownTimeZones(): string[] {
  return ["Etc/UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")];
}

/**
 * The IANA zone a person means by what they typed: the name itself in any case
 * ("europe/paris"), or a city ("paris", "new york", "Sao_Paulo") that names exactly one zone.
 * Undefined when it names none, or more than one.
 */
export function resolveTimeZone(typed: string): string | undefined {
  const wanted = typed.trim().replace(/\s+/g, "_").toLowerCase();
  if (wanted === "") return undefined;
  const zones = knownTimeZones();
  const exact = zones.find((zone) => zone.toLowerCase() === wanted);
  if (exact) return exact;
  const byCity = zones.filter((zone) => zone.toLowerCase().split("/").at(-1) === wanted);
  return byCity.length === 1 ? byCity[0] : undefined;
}
