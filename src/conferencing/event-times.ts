import { instantOf, offsetAt } from "./zoned-time.ts";

/**
 * An event's start or end as Cronofy's SDKs and the applications behind them send it: a time
 * with an offset (`…Z` from the SDKs, which turn zoned times to UTC; `+02:00` or `+0200` from
 * applications that format their own, with or without fractions), a wall-clock time without
 * offset read in the event's time zone, or a date for an all-day event.
 */
export type EventTime = { kind: "time"; instant: Date } | { kind: "date"; date: string };

const withOffset =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/i;
const wallClock = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?$/;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The latest year confab takes: far enough for any booking, short of nonsense like 9999. */
export const lastYear = 2100;

/** Reads one time; a string says what is wrong with it. */
export function readEventTime(text: string, timeZone: string): EventTime | string {
  const date = dateOnly.exec(text);
  if (date) {
    return realDate(date) ? { kind: "date", date: text } : "This is not a real date.";
  }
  const full = withOffset.exec(text);
  if (full) {
    if (!realDate(full) || !realClock(full)) return "This is not a real date and time.";
    const offset = full[8] as string;
    const iso = `${full[1]}-${full[2]}-${full[3]}T${full[4]}:${full[5]}:${full[6] ?? "00"}${
      full[7] ? `.${full[7].slice(0, 3)}` : ""
    }${offset.toUpperCase() === "Z" ? "Z" : `${offset.slice(0, 3)}:${offset.slice(-2)}`}`;
    const instant = new Date(iso);
    if (Number.isNaN(instant.getTime())) return "This is not a real date and time.";
    return { kind: "time", instant };
  }
  const local = wallClock.exec(text);
  if (local) {
    if (!realDate(local) || !realClock(local)) return "This is not a real date and time.";
    const instant = instantOf(
      `${local[1]}-${local[2]}-${local[3]}`,
      `${local[4]}:${local[5]}`,
      timeZone,
    );
    if (!instant) return `This time does not exist in ${timeZone} (the clocks skip it).`;
    return { kind: "time", instant: new Date(instant.getTime() + Number(local[6] ?? 0) * 1000) };
  }
  return "Give a time in ISO 8601 (2030-05-01T09:00:00Z or 2030-05-01T09:00:00+0200), a wall-clock time read in tzid (2030-05-01T09:00:00), or a date (2030-05-01) for an all-day event.";
}

/** Midnight of `date` in `timeZone`: where an all-day event begins or ends there. */
export function startOfDay(date: string, timeZone: string): Date {
  const found = instantOf(date, "00:00", timeZone);
  if (found) return found;
  // A zone whose clocks skip midnight on that day starts it at the first minute that exists.
  const guess = Date.parse(`${date}T00:00:00Z`);
  return new Date(guess - offsetAt(new Date(guess), timeZone));
}

function realDate(m: RegExpExecArray): boolean {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || y > lastYear || mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function realClock(m: RegExpExecArray): boolean {
  return Number(m[4]) <= 23 && Number(m[5]) <= 59 && Number(m[6] ?? 0) <= 59;
}
