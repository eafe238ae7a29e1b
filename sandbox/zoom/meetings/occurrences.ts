/**
 * The occurrences of a recurring meeting with a fixed time (type 8): computed
 * from its start time and `recurrence` on the wall clock of its timezone, at
 * most 50 of them, each with the id Zoom gives it (its start time in epoch
 * milliseconds, as a string) and a status, "available" or "deleted".
 */

import { ZoomApiError } from "../api/zoom-error.ts";
import { zoomTime } from "../clock.ts";
import type { Meeting, Occurrence } from "../state.ts";
import { MAX_OCCURRENCES, type Recurrence } from "./recurrence.ts";
import { instantAtWallClock, wallClockAt } from "./start-time.ts";

const DAY_MS = 86_400_000;

/** Enough months or weeks to find 50 occurrences whatever the pattern (a 31st only in some months). */
const MAX_PERIODS = 1000;

function calendarDay(dayNumber: number): { year: number; month: number; day: number } {
  const date = new Date(dayNumber * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

const daysInMonth = (year: number, month: number) =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The day of the month of the `week`th (-1: last) `weekDay` (1 Sunday – 7 Saturday). */
function nthWeekday(year: number, month: number, week: number, weekDay: number): number {
  const firstWeekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  const first = 1 + ((weekDay - 1 - firstWeekday + 7) % 7);
  if (week > 0) return first + (week - 1) * 7;
  let last = first;
  while (last + 7 <= daysInMonth(year, month)) last += 7;
  return last;
}

/** The days (as UTC day numbers of the local calendar) on which the series meets, in order. */
function* meetingDays(startDay: number, startWeekday: number, recurrence: Recurrence) {
  const interval = recurrence.repeat_interval;
  if (recurrence.type === 1) {
    for (let period = 0; period < MAX_PERIODS; period++) yield startDay + period * interval;
  } else if (recurrence.type === 2) {
    const days = (recurrence.weekly_days ?? "1").split(",").map(Number);
    const sunday = startDay - startWeekday;
    for (let period = 0; period < MAX_PERIODS; period++) {
      for (const day of days) yield sunday + period * interval * 7 + (day - 1);
    }
  } else {
    const first = calendarDay(startDay);
    for (let period = 0; period < MAX_PERIODS; period++) {
      const monthIndex = first.month - 1 + period * interval;
      const year = first.year + Math.floor(monthIndex / 12);
      const month = (monthIndex % 12) + 1;
      const day =
        recurrence.monthly_day ??
        nthWeekday(year, month, recurrence.monthly_week ?? 1, recurrence.monthly_week_day ?? 1);
      // A month without that day (the 31st in April) has no occurrence, as in RFC 5545.
      if (day <= daysInMonth(year, month)) yield Date.UTC(year, month - 1, day) / DAY_MS;
    }
  }
}

/**
 * The series' occurrences from `start` on, at the same local time each day it
 * meets, until `end_times` of them or the last one starting by `end_date_time`.
 */
export function generateOccurrences(
  start: number,
  duration: number,
  timezone: string,
  recurrence: Recurrence,
): Occurrence[] {
  const local = wallClockAt(start, timezone);
  const startDay = Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
  const until =
    recurrence.end_date_time === undefined ? Infinity : Date.parse(recurrence.end_date_time);
  const wanted = Math.min(recurrence.end_times ?? MAX_OCCURRENCES, MAX_OCCURRENCES);
  const occurrences: Occurrence[] = [];
  for (const dayNumber of meetingDays(startDay, local.weekday, recurrence)) {
    if (dayNumber < startDay) continue;
    const instant = instantAtWallClock(
      { ...calendarDay(dayNumber), hour: local.hour, minute: local.minute, second: local.second },
      timezone,
    );
    if (instant < start) continue;
    if (instant > until) break;
    occurrences.push({
      occurrence_id: String(instant),
      start_time: instant,
      duration,
      status: "available",
    });
    if (occurrences.length >= wanted) break;
  }
  return occurrences;
}

export function occurrenceView(occurrence: Occurrence) {
  return {
    occurrence_id: occurrence.occurrence_id,
    start_time: zoomTime(occurrence.start_time),
    duration: occurrence.duration,
    status: occurrence.status,
  };
}

const endsAt = (occurrence: Occurrence) => occurrence.start_time + occurrence.duration * 60_000;

/** In start order; occurrences already over only when `showPrevious` (Zoom's `show_previous_occurrences`). */
export function listedOccurrences(meeting: Meeting, now: number, showPrevious: boolean) {
  return [...(meeting.occurrences ?? [])]
    .filter((occurrence) => showPrevious || endsAt(occurrence) > now)
    .sort((a, b) => a.start_time - b.start_time);
}

/** The next available occurrence that is not over, else the last available one. */
export function nextOccurrence(meeting: Meeting, now: number): Occurrence | undefined {
  const available = listedOccurrences(meeting, now, true).filter(
    (occurrence) => occurrence.status === "available",
  );
  return available.find((occurrence) => endsAt(occurrence) > now) ?? available.at(-1);
}

export const occurrenceDoesNotExist = (occurrenceId: string) =>
  new ZoomApiError(404, 3001, `Meeting occurrence does not exist: ${occurrenceId}.`);

/** An available occurrence of the meeting, or Zoom's "does not exist" (3001). */
export function findOccurrence(meeting: Meeting, occurrenceId: string): Occurrence {
  const occurrence = (meeting.occurrences ?? []).find(
    (candidate) => candidate.occurrence_id === occurrenceId && candidate.status === "available",
  );
  if (occurrence === undefined) throw occurrenceDoesNotExist(occurrenceId);
  return occurrence;
}

/** Deletes one occurrence: it stays in the series' list with status "deleted". */
export function deleteOccurrence(meeting: Meeting, occurrenceId: string): Occurrence {
  const occurrence = findOccurrence(meeting, occurrenceId);
  occurrence.status = "deleted";
  return occurrence;
}
