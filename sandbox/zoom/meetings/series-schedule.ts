/**
 * What a recurring meeting with a fixed time (type 8) is scheduled as: its
 * recurrence, its occurrences, and a start time that is its first occurrence's
 * (a weekly series starting on a day it does not meet begins on the next one).
 */
import { validationFailed } from "../api/zoom-error.ts";
import type { Occurrence } from "../state.ts";
import { generateOccurrences } from "./occurrences.ts";
import { type Recurrence, readRecurrence } from "./recurrence.ts";

export interface SeriesSchedule {
  recurrence: Recurrence;
  occurrences: Occurrence[];
  start_time: number;
}

export function seriesSchedule(
  start: number,
  duration: number,
  timezone: string,
  recurrence: Recurrence | undefined,
): SeriesSchedule {
  if (recurrence === undefined) throw validationFailed(readRecurrence(undefined).errors);
  const occurrences = generateOccurrences(start, duration, timezone, recurrence);
  const first = occurrences[0];
  if (first === undefined) {
    throw validationFailed([
      {
        field: "recurrence.end_date_time",
        message:
          "end_date_time is before the meeting's first start_time, so the series would have no occurrence.",
      },
    ]);
  }
  return { recurrence, occurrences, start_time: first.start_time };
}
