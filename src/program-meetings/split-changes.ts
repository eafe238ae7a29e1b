import { describeSeries } from "./meeting-series.ts";
import { scheduledStartOf } from "./series-occurrences.ts";
import type { SeriesSplit } from "./split-series.ts";

/** One thing the new series does differently from the series as it would have gone on. */
export type SplitChange =
  | { field: "title"; from: string; to: string }
  | { field: "start"; from: Date; to: Date }
  | { field: "duration"; from: number; to: number }
  | { field: "repeats"; from: string; to: string };

/**
 * What a split changes, for its review: the title, the first meeting's start, the length and
 * how it repeats, each only when it differs. Compared with the series from the split meeting
 * on, so a split that changes nothing (only a new link) says so.
 */
export function splitChanges(split: SeriesSplit): SplitChange[] {
  const { meeting, splitAt, following, continuing } = split;
  const { draft } = following;
  const changes: SplitChange[] = [];
  if (draft.title !== meeting.title) {
    changes.push({ field: "title", from: meeting.title, to: draft.title });
  }
  const start = scheduledStartOf(splitAt.occurrenceId);
  if (draft.startAt.getTime() !== start.getTime()) {
    changes.push({ field: "start", from: start, to: draft.startAt });
  }
  const before = minutesOf(meeting);
  const after = minutesOf(draft);
  if (before !== after) changes.push({ field: "duration", from: before, to: after });
  const repeatsBefore = describeSeries(continuing);
  const repeatsAfter = draft.series ? describeSeries(draft.series.rule) : "Does not repeat";
  if (repeatsBefore !== repeatsAfter) {
    changes.push({ field: "repeats", from: repeatsBefore, to: repeatsAfter });
  }
  return changes;
}

function minutesOf(m: { startAt: Date; endAt: Date }): number {
  return Math.round((m.endAt.getTime() - m.startAt.getTime()) / 60_000);
}
