import { type RepeatFields, type SeriesRule, weekDayNames } from "./meeting-series.ts";
import type { MeetingSeries } from "./series-occurrences.ts";

/**
 * How a meeting repeats as an application sends it (the organization API's `recurrence`): the
 * same choices as the meeting form's Repeats and Ends, in the API's words.
 */
export interface RecurrenceInput {
  frequency: string;
  interval?: number;
  week_days?: string[];
  month_day?: number;
  count?: number;
  until?: string;
}

/** The API's names of the days of the week, "sunday" (0) to "saturday" (6). */
export const weekDayKeys = weekDayNames.map((name) => name.toLowerCase());

/** The form's repeat fields and what each is called in `recurrence`, for the API's 422 keys. */
const apiNames: Record<string, string> = {
  repeats: "recurrence.frequency",
  repeatEvery: "recurrence.interval",
  weekDays: "recurrence.week_days",
  monthDay: "recurrence.month_day",
  endCount: "recurrence.count",
  endDate: "recurrence.until",
};

/**
 * The repeat fields the form would send for `recurrence`, so that the form's rules read it
 * (meeting-series.ts) and the two never differ; with what only the API's shape can get wrong,
 * keyed by the API's names.
 */
export function repeatFieldsOfRecurrence(input: RecurrenceInput): {
  repeat: RepeatFields;
  problems: Record<string, string>;
} {
  const problems: Record<string, string> = {};
  if (input.week_days !== undefined && input.frequency !== "weekly") {
    problems["recurrence.week_days"] = "Leave out week_days: only a weekly series has them.";
  }
  if (input.month_day !== undefined && input.frequency !== "monthly") {
    problems["recurrence.month_day"] = "Leave out month_day: only a monthly series has one.";
  }
  if (input.count !== undefined && input.until !== undefined) {
    problems["recurrence.until"] =
      "Give count (how many times it meets) or until (the date of the last meeting), not both.";
  }
  return {
    repeat: {
      repeats: input.frequency,
      repeatEvery: input.interval === undefined ? "" : String(input.interval),
      weekDays: (input.week_days ?? []).map((d) => String(weekDayKeys.indexOf(d))),
      monthDay: input.month_day === undefined ? "" : String(input.month_day),
      ends: input.until !== undefined && input.count === undefined ? "date" : "count",
      endCount: input.count === undefined ? "" : String(input.count),
      endDate: input.until ?? "",
    },
    problems,
  };
}

/** A meeting's problems with the series' ones under the names the API gave them. */
export function inRecurrenceNames(fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields).map(([field, problem]) => [apiNames[field] ?? field, problem]),
  );
}

/** A series as the API shows it: its rule in the request's words, and each of its meetings. */
export function recurrenceView(series: MeetingSeries | undefined) {
  if (!series) return { recurrence: null, occurrences: [] };
  return {
    recurrence: recurrenceOf(series.rule),
    occurrences: series.occurrences.map((o) => ({
      start: o.startAt.toISOString(),
      end: new Date(o.startAt.getTime() + o.durationMinutes * 60_000).toISOString(),
      status: o.status,
    })),
  };
}

function recurrenceOf(rule: SeriesRule) {
  return {
    frequency: rule.frequency,
    interval: rule.interval,
    ...(rule.weekDays ? { week_days: rule.weekDays.map((d) => weekDayKeys[d] ?? "") } : {}),
    ...(rule.monthDay ? { month_day: rule.monthDay } : {}),
    ...(rule.count ? { count: rule.count } : {}),
    ...(rule.until ? { until: rule.until } : {}),
  };
}
