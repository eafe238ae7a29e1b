/**
 * The `recurrence` object of a recurring meeting with a fixed time (type 8),
 * read as Zoom's "Recurrence Object Definitions" page describes it: daily,
 * weekly or monthly; an interval of at most 90 days, 12 weeks or 3 months;
 * weekly days as a comma-separated list of 1 (Sunday) to 7 (Saturday); a
 * monthly day, or a week of the month and a day of that week; and an end
 * given either as a number of occurrences (1 to 50) or as a date, never both.
 */

import { isJsonObject } from "../../common/request-body.ts";
import type { FieldError } from "../api/zoom-error.ts";

/** Zoom's cap on the occurrences of one series. */
export const MAX_OCCURRENCES = 50;

export interface Recurrence {
  type: 1 | 2 | 3;
  repeat_interval: number;
  /** Weekly only, e.g. "2,4". */
  weekly_days?: string;
  /** Monthly, by day of the month. */
  monthly_day?: number;
  /** Monthly, by week (-1 the last, 1–4) and day of that week (1 Sunday – 7 Saturday). */
  monthly_week?: number;
  monthly_week_day?: number;
  end_times?: number;
  end_date_time?: string;
}

const MAX_INTERVAL: Record<number, { limit: number; unit: string }> = {
  1: { limit: 90, unit: "days" },
  2: { limit: 12, unit: "weeks" },
  3: { limit: 3, unit: "months" },
};

const END_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

const isWhole = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value);

/** `weekly_days` as Zoom takes it ("1,3" or, as the older description types it, 3). */
function weeklyDays(value: unknown): string | undefined {
  const text = isWhole(value) ? String(value) : value;
  if (typeof text !== "string") return undefined;
  const days = text.split(",").map((day) => day.trim());
  if (days.length === 0 || !days.every((day) => /^[1-7]$/.test(day))) return undefined;
  return [...new Set(days)].sort().join(",");
}

export type RecurrenceReading =
  | { recurrence: Recurrence; errors: [] }
  | { recurrence: undefined; errors: FieldError[] };

/** Reads a request's `recurrence`, or says field by field what is wrong with it. */
export function readRecurrence(value: unknown): RecurrenceReading {
  if (!isJsonObject(value)) {
    return {
      recurrence: undefined,
      errors: [
        {
          field: "recurrence",
          message:
            "A recurring meeting with a fixed time (type 8) needs a recurrence object with a type: 1 daily, 2 weekly or 3 monthly.",
        },
      ],
    };
  }
  const errors: FieldError[] = [];
  const problem = (field: string, message: string) =>
    errors.push({ field: `recurrence.${field}`, message });
  const type = value.type;
  if (type !== 1 && type !== 2 && type !== 3) {
    problem("type", "The recurrence type must be 1 (daily), 2 (weekly) or 3 (monthly).");
    return { recurrence: undefined, errors };
  }
  const recurrence: Recurrence = { type, repeat_interval: 1 };

  const { limit, unit } = MAX_INTERVAL[type] ?? { limit: 1, unit: "" };
  const interval = value.repeat_interval ?? 1;
  if (!isWhole(interval) || interval < 1 || interval > limit) {
    problem(
      "repeat_interval",
      `repeat_interval must be a whole number of ${unit} from 1 to ${limit}.`,
    );
  } else {
    recurrence.repeat_interval = interval;
  }

  if (type === 2) {
    // Zoom's documents give "1" (Sunday) as the default.
    const days = weeklyDays(value.weekly_days ?? "1");
    if (days === undefined) {
      problem(
        "weekly_days",
        'weekly_days must list days from 1 (Sunday) to 7 (Saturday), separated by commas, such as "2,4".',
      );
    } else {
      recurrence.weekly_days = days;
    }
  }

  if (type === 3) {
    const { monthly_day: day, monthly_week: week, monthly_week_day: weekDay } = value;
    if (day !== undefined && (week !== undefined || weekDay !== undefined)) {
      problem(
        "monthly_day",
        "Give either monthly_day, or monthly_week with monthly_week_day, not both.",
      );
    } else if (day !== undefined) {
      if (!isWhole(day) || day < 1 || day > 31) {
        problem("monthly_day", "monthly_day must be a day of the month from 1 to 31.");
      } else {
        recurrence.monthly_day = day;
      }
    } else if (week !== undefined || weekDay !== undefined) {
      if (!isWhole(week) || ![-1, 1, 2, 3, 4].includes(week)) {
        problem("monthly_week", "monthly_week must be -1 (the last week) or 1 to 4.");
      } else {
        recurrence.monthly_week = week;
      }
      if (!isWhole(weekDay) || weekDay < 1 || weekDay > 7) {
        problem(
          "monthly_week_day",
          "monthly_week_day must be a day of the week from 1 (Sunday) to 7 (Saturday).",
        );
      } else {
        recurrence.monthly_week_day = weekDay;
      }
    } else {
      problem(
        "monthly_day",
        "A monthly meeting needs monthly_day, or monthly_week with monthly_week_day.",
      );
    }
  }

  const { end_times: times, end_date_time: until } = value;
  if (times !== undefined && until !== undefined) {
    problem("end_date_time", "end_times and end_date_time cannot be used together.");
  } else if (until !== undefined) {
    if (
      typeof until !== "string" ||
      !END_DATE_TIME.test(until) ||
      Number.isNaN(Date.parse(until))
    ) {
      problem("end_date_time", "end_date_time must be a UTC time such as 2031-11-25T12:00:00Z.");
    } else {
      recurrence.end_date_time = until.replace(/\.\d{1,3}Z$/, "Z");
    }
  } else {
    // The description's default is one occurrence.
    const count = times ?? 1;
    if (!isWhole(count) || count < 1 || count > MAX_OCCURRENCES) {
      problem(
        "end_times",
        `end_times must be from 1 to ${MAX_OCCURRENCES}: a recurring meeting can have at most ${MAX_OCCURRENCES} occurrences.`,
      );
    } else {
      recurrence.end_times = count;
    }
  }

  return errors.length > 0 ? { recurrence: undefined, errors } : { recurrence, errors: [] };
}
