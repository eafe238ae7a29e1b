import { instantOf, offsetAt } from "../conferencing/zoned-time.ts";
import type { MeetingRecurrence } from "../providers/provider.ts";

/**
 * How a program meeting repeats, as its organizer chose it (events.recurrence): the same local
 * time in the meeting's zone on each day it meets, until a number of times or a date.
 */
export interface SeriesRule {
  frequency: "daily" | "weekly" | "monthly";
  /** Every this many days, weeks or months. */
  interval: number;
  /** Weekly: the days it meets, 0 (Sunday) to 6 (Saturday). */
  weekDays?: number[];
  /** Monthly: the day of the month it meets; a month without that day has no meeting. */
  monthDay?: number;
  /** Ends after this many meetings… */
  count?: number;
  /** …or with the last one on or before this date (yyyy-mm-dd, in the meeting's zone). */
  until?: string;
}

/** The repeat fields of the meeting form, as typed. */
export interface RepeatFields {
  repeats: string;
  repeatEvery: string;
  weekDays: string[];
  monthDay: string;
  ends: string;
  endCount: string;
  endDate: string;
}

export const noRepeat: RepeatFields = {
  repeats: "none",
  repeatEvery: "1",
  weekDays: [],
  monthDay: "",
  ends: "count",
  endCount: "",
  endDate: "",
};

/**
 * One series is one recurring meeting at the provider, and Zoom's holds at most 50 occurrences;
 * a phone or in-person series keeps the same bound, so a mode change never loses meetings.
 */
export const maximumOccurrences = 50;

/** Zoom's limits on the interval, which confab keeps for every mode alike. */
export const maximumInterval = { daily: 90, weekly: 12, monthly: 3 } as const;
const units = { daily: "days", weekly: "weeks", monthly: "months" } as const;

export const weekDayNames = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
];

const day = 86_400_000;
const dayNumberOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / day;
const dateOf = (dayNumber: number) => new Date(dayNumber * day).toISOString().slice(0, 10);
const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/**
 * Reads the repeat fields against the first date typed; problems are keyed by field name.
 * "Does not repeat" reads as no rule.
 */
export function readSeriesRule(
  fields: RepeatFields,
  startDate: string,
): { rule: SeriesRule | undefined; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const frequency = fields.repeats.trim() || "none";
  if (frequency === "none") return { rule: undefined, problems };
  if (frequency !== "daily" && frequency !== "weekly" && frequency !== "monthly") {
    return { rule: undefined, problems: { repeats: "Choose how the meeting repeats." } };
  }
  const rule: SeriesRule = { frequency, interval: 1 };
  const every = fields.repeatEvery.trim() === "" ? 1 : Number(fields.repeatEvery);
  const limit = maximumInterval[frequency];
  if (!Number.isInteger(every) || every < 1 || every > limit) {
    problems.repeatEvery = `Repeat every 1 to ${limit} ${units[frequency]}.`;
  } else {
    rule.interval = every;
  }
  if (frequency === "weekly") {
    const days = fields.weekDays.flatMap((d) => d.split(",")).filter((d) => d.trim() !== "");
    const numbers = [...new Set(days.map(Number))].sort((a, b) => a - b);
    if (numbers.length === 0) problems.weekDays = "Choose the days of the week it meets.";
    else if (!numbers.every((n) => Number.isInteger(n) && n >= 0 && n <= 6)) {
      problems.weekDays = "Choose days of the week from the list.";
    } else rule.weekDays = numbers;
  }
  if (frequency === "monthly") {
    const typed = fields.monthDay.trim();
    const dayOfMonth = typed === "" ? Number(startDate.slice(8, 10)) : Number(typed);
    if (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31) {
      problems.monthDay = "Enter a day of the month from 1 to 31.";
    } else rule.monthDay = dayOfMonth;
  }
  if (fields.ends === "date") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fields.endDate) || Number.isNaN(Date.parse(fields.endDate))) {
      problems.endDate = "Enter the date of the last meeting, like 2030-06-30.";
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(startDate) && fields.endDate < startDate) {
      problems.endDate = "The series must end on or after its first date.";
    } else rule.until = fields.endDate;
  } else {
    const count = Number(fields.endCount.trim());
    if (fields.endCount.trim() === "" || !Number.isInteger(count) || count < 1) {
      problems.endCount = "Enter how many times it meets, like 8.";
    } else if (count > maximumOccurrences) {
      problems.endCount = tooMany;
    } else rule.count = count;
  }
  return { rule: Object.keys(problems).length > 0 ? undefined : rule, problems };
}

const tooMany = `A series can meet at most ${maximumOccurrences} times (the most one Zoom recurring meeting holds): make it ${maximumOccurrences} or fewer, or start a second series after it.`;

/**
 * The starts of the series' meetings, from the first date and time typed on: the same local
 * time each day it meets, as RFC 5545 and Zoom count them (weeks begin on Sunday; the first
 * meeting is the first matching day on or after the date typed). One past the cap at most, so
 * that a series too long can be told.
 */
export function seriesStarts(rule: SeriesRule, date: string, time: string, timeZone: string) {
  const firstDay = dayNumberOf(date);
  const wanted = Math.min(rule.count ?? Number.POSITIVE_INFINITY, maximumOccurrences + 1);
  const until = rule.until ? endOfDay(rule.until, timeZone) : undefined;
  const starts: Date[] = [];
  for (const dayNumber of meetingDays(rule, firstDay)) {
    if (dayNumber < firstDay) continue;
    const start = localInstant(dateOf(dayNumber), time, timeZone);
    if (until && start.getTime() > until.getTime()) break;
    starts.push(start);
    if (starts.length >= wanted) break;
  }
  return starts;
}

/** Why a series cannot be made as typed, by field; none when it can. */
export function seriesProblems(rule: SeriesRule, starts: Date[]): Record<string, string> {
  if (starts.length === 0) {
    return {
      endDate: "No meeting of the series falls on or before that date: choose a later one.",
    };
  }
  if (starts.length > maximumOccurrences) {
    return rule.until
      ? { endDate: `That date gives more than ${maximumOccurrences} meetings. ${tooMany}` }
      : { endCount: tooMany };
  }
  return {};
}

/** The days (as UTC day numbers of the local calendar) the rule meets on, in order. */
function* meetingDays(rule: SeriesRule, firstDay: number) {
  // Enough periods to find the cap's worth, even of a 31st that only some months have.
  const periods = 1000;
  if (rule.frequency === "daily") {
    for (let p = 0; p < periods; p++) yield firstDay + p * rule.interval;
  } else if (rule.frequency === "weekly") {
    const sunday = firstDay - new Date(firstDay * day).getUTCDay();
    const days = rule.weekDays ?? [new Date(firstDay * day).getUTCDay()];
    for (let p = 0; p < periods; p++) {
      for (const weekDay of days) yield sunday + p * rule.interval * 7 + weekDay;
    }
  } else {
    const first = new Date(firstDay * day);
    const dayOfMonth = rule.monthDay ?? first.getUTCDate();
    for (let p = 0; p < periods; p++) {
      const index = first.getUTCMonth() + p * rule.interval;
      const year = first.getUTCFullYear() + Math.floor(index / 12);
      const month = index % 12;
      if (dayOfMonth <= daysInMonth(year, month)) yield Date.UTC(year, month, dayOfMonth) / day;
    }
  }
}

/** A wall-clock time in the zone; one the clocks skip is read with the offset just before. */
function localInstant(date: string, time: string, timeZone: string): Date {
  const found = instantOf(date, time, timeZone);
  if (found) return found;
  const asUtc = Date.parse(`${date}T${time}:00Z`);
  return new Date(asUtc - offsetAt(new Date(asUtc - day), timeZone));
}

/** The last instant of a local date: a series "until" that date takes meetings starting by it. */
function endOfDay(date: string, timeZone: string): Date {
  return new Date(localInstant(dateOf(dayNumberOf(date) + 1), "00:00", timeZone).getTime() - 1000);
}

/** The rule as a provider takes it: the end date becomes the instant the last start may be. */
export function providerRecurrence(rule: SeriesRule, timeZone: string): MeetingRecurrence {
  return {
    frequency: rule.frequency,
    interval: rule.interval,
    ...(rule.weekDays ? { weekDays: rule.weekDays } : {}),
    ...(rule.monthDay ? { monthDay: rule.monthDay } : {}),
    ...(rule.count ? { count: rule.count } : {}),
    ...(rule.until ? { until: endOfDay(rule.until, timeZone).toISOString() } : {}),
  };
}

const icsDays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/**
 * The RRULE value (RFC 5545) of the series, for calendar invitations: the same meetings as the
 * provider's, weeks beginning on Sunday as Zoom's do, the end date as its last instant in UTC.
 */
export function rruleOf(rule: SeriesRule, timeZone: string): string {
  const parts = [`FREQ=${rule.frequency.toUpperCase()}`];
  if (rule.interval > 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.weekDays) parts.push(`BYDAY=${rule.weekDays.map((d) => icsDays[d]).join(",")}`);
  if (rule.monthDay) parts.push(`BYMONTHDAY=${rule.monthDay}`);
  if (rule.frequency === "weekly") parts.push("WKST=SU");
  if (rule.count) parts.push(`COUNT=${rule.count}`);
  if (rule.until) {
    const until = endOfDay(rule.until, timeZone).toISOString();
    parts.push(`UNTIL=${until.replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
  }
  return parts.join(";");
}

/**
 * The series' RRULE line and an EXDATE line for each cancelled meeting (in UTC, which names the
 * same instant whatever zone DTSTART is written in), as a VEVENT carries them.
 */
export function repeatingLines(rule: SeriesRule, timeZone: string, cancelled: Date[]): string {
  const utc = (d: Date) =>
    d
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
  return [`RRULE:${rruleOf(rule, timeZone)}`, ...cancelled.map((d) => `EXDATE:${utc(d)}`)].join(
    "\r\n",
  );
}

/** "Weekly on Tuesday and Thursday, 8 times", "Every 2 months on day 15, until 2031-06-30". */
export function describeSeries(rule: SeriesRule): string {
  const unit = { daily: "day", weekly: "week", monthly: "month" }[rule.frequency];
  const every =
    rule.interval === 1
      ? { daily: "Daily", weekly: "Weekly", monthly: "Monthly" }[rule.frequency]
      : `Every ${rule.interval} ${unit}s`;
  const on = rule.weekDays
    ? ` on ${listed(rule.weekDays.map((d) => weekDayNames[d] ?? ""))}`
    : rule.monthDay
      ? ` on day ${rule.monthDay}`
      : "";
  const end = rule.count
    ? rule.count === 1
      ? ", once"
      : `, ${rule.count} times`
    : rule.until
      ? `, until ${rule.until}`
      : "";
  return `${every}${on}${end}`;
}

/** A short date of a meeting in a zone: "Tue 8 Dec". */
export function shortDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
  }).format(instant);
}

/** How many dates an invitation's text lists before "and N more". */
const datesListed = 6;

/**
 * The dates a series meets on, for an invitation's text, in the reader's zone: "Weekly on
 * Tuesday and Thursday, 8 times: Tue 4 Mar, Thu 6 Mar, … and 2 more."
 */
export function seriesDatesText(rule: SeriesRule, starts: Date[], timeZone: string): string {
  const dates = starts.map((start) => shortDate(start, timeZone));
  const shown =
    dates.length > datesListed
      ? `${dates.slice(0, datesListed).join(", ")} and ${dates.length - datesListed} more`
      : listed(dates);
  return `${describeSeries(rule)}: ${shown}.`;
}

function listed(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The repeat fields that show a saved rule, for the form of a change. */
export function repeatFieldsOf(rule: SeriesRule | null | undefined): RepeatFields {
  if (!rule) return noRepeat;
  return {
    repeats: rule.frequency,
    repeatEvery: String(rule.interval),
    weekDays: (rule.weekDays ?? []).map(String),
    monthDay: rule.monthDay ? String(rule.monthDay) : "",
    ends: rule.until ? "date" : "count",
    endCount: rule.count ? String(rule.count) : "",
    endDate: rule.until ?? "",
  };
}
