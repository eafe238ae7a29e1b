import { isTimeZone } from "../conferencing/event-input.ts";
import { lastYear } from "../conferencing/event-times.ts";
import { instantOf, resolveTimeZone } from "../conferencing/zoned-time.ts";
import { DomainError } from "../domain-error.ts";
import { type Guest, readGuestList } from "./meeting-guests.ts";
import {
  type RepeatFields,
  readSeriesRule,
  type SeriesRule,
  seriesProblems,
  seriesStarts,
} from "./meeting-series.ts";

/** A program meeting as a member fills it in: wall-clock time in a zone, invitees by account. */
export interface MeetingDraftFields {
  title: string;
  description: string;
  date: string;
  time: string;
  duration: string;
  timeZone: string;
  invitees: string[];
  mode: string;
  /** How it repeats; absent: it does not. */
  repeat?: RepeatFields;
  /** Guests from outside the program, by address (meeting-guests.ts); absent: as they were. */
  guests?: string;
}

export interface MeetingDraft {
  title: string;
  description: string;
  startAt: Date;
  endAt: Date;
  timeZone: string;
  inviteeIds: string[];
  mode: string;
  /** A series: its rule and every meeting's start; startAt and endAt are the first meeting's. */
  series: { rule: SeriesRule; starts: Date[] } | undefined;
  /** Guests by address; undefined when the fields did not name them (a change keeps its own). */
  guests: Guest[] | undefined;
}

export const durationChoices = [15, 30, 45, 60, 90, 120, 180, 240];

/**
 * A date, time and duration as typed, read in `timeZone` (undefined when the zone itself was
 * refused): each problem by field, and the instant when the three make one. Whether it may be
 * in the past is the caller's rule.
 */
export function readTypedTime(
  fields: { date: string; time: string; duration: string },
  timeZone: string | undefined,
): { startAt: Date | undefined; durationMinutes: number; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const date = fields.date.trim();
  const time = fields.time.trim();
  const durationMinutes = Number(fields.duration);
  if (!durationChoices.includes(durationMinutes)) {
    problems.duration = "Choose a duration from the list.";
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(date))) {
    problems.date = "Enter a date like 2030-05-01.";
  } else if (Number(date.slice(0, 4)) > lastYear) {
    // The same bound as the API's event times: a year like 9999 is a typing slip, not a plan.
    problems.date = `Enter a date in ${lastYear} or before.`;
  }
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) problems.time = "Enter a time like 09:30.";
  if (problems.date || problems.time || timeZone === undefined) {
    return { startAt: undefined, durationMinutes, problems };
  }
  const startAt = instantOf(date, time, timeZone);
  if (!startAt) {
    problems.time = `${time} does not exist on ${date} in ${timeZone}: the clocks change then. Choose another time.`;
  }
  return { startAt, durationMinutes, problems };
}
const maximumInvitees = 50;

/**
 * Reads what was typed, collecting every problem by field so the form shows them all at once.
 * What depends on the program (who may be invited, which modes are on) is checked when saving.
 */
export function readMeetingDraft(
  fields: MeetingDraftFields,
  now = new Date(),
  existing?: { startAt: Date; endAt: Date },
): MeetingDraft {
  // A meeting under way (or over) keeps its time; what it is about and who is on it may change.
  const started = existing !== undefined && existing.startAt.getTime() <= now.getTime();
  const problems: Record<string, string> = {};
  const title = fields.title.trim().replace(/\s+/g, " ");
  if (title === "" || title.length > 200) problems.title = "Enter a title of 1 to 200 characters.";
  const description = fields.description.trim();
  if (description.length > 2000)
    problems.description = "Keep the description under 2,000 characters.";
  const timeZone = resolveTimeZone(fields.timeZone) ?? fields.timeZone.trim();
  if (!isTimeZone(timeZone) || timeZone === "") {
    problems.timeZone = `"${fields.timeZone.trim()}" is not a time zone or a city confab knows: choose one from the list, like Europe/London.`;
  }
  const typed = readTypedTime(fields, problems.timeZone ? undefined : timeZone);
  Object.assign(problems, typed.problems);
  const duration = typed.durationMinutes;
  let startAt = new Date(Number.NaN);
  const repeat = fields.repeat ? readSeriesRule(fields.repeat, fields.date) : undefined;
  Object.assign(problems, repeat?.problems);
  const instant = typed.startAt;
  if (instant !== undefined) {
    const sameTime =
      existing !== undefined &&
      instant.getTime() === existing.startAt.getTime() &&
      instant.getTime() + duration * 60_000 === existing.endAt.getTime();
    if (started && !sameTime) {
      problems.date =
        "The meeting has started, so its date, time and duration cannot change now: change its title, description or invitees, or make a new meeting.";
    } else if (started) {
      startAt = instant;
    } else if (instant.getTime() <= now.getTime()) {
      problems.date = "The meeting must start in the future.";
    } else {
      startAt = instant;
    }
  }
  // A series begins on its first meeting day on or after the date typed, as Zoom's does; it is
  // counted here, so that one longer than the cap is refused before anything is saved.
  let series: MeetingDraft["series"];
  if (repeat?.rule && !Number.isNaN(startAt.getTime())) {
    const starts = seriesStarts(repeat.rule, fields.date, fields.time, timeZone);
    const tooLong = seriesProblems(repeat.rule, starts);
    Object.assign(problems, tooLong);
    const first = starts[0];
    if (first && Object.keys(tooLong).length === 0) {
      series = { rule: repeat.rule, starts };
      if (!started) startAt = first;
    }
  }
  const inviteeIds = [...new Set(fields.invitees.filter((id) => /^usr_[a-z0-9]+$/.test(id)))];
  if (inviteeIds.length !== new Set(fields.invitees).size) {
    problems.invitees = "Choose invitees from the list.";
  } else if (inviteeIds.length === 0) {
    problems.invitees = "Invite at least one person.";
  } else if (inviteeIds.length > maximumInvitees) {
    problems.invitees = `Invite at most ${maximumInvitees} people.`;
  }
  const guestList = fields.guests === undefined ? undefined : readGuestList(fields.guests);
  if (guestList?.problem) problems.guests = guestList.problem;
  if (fields.mode.trim() === "") problems.mode = "Choose a meeting mode.";
  if (Object.keys(problems).length > 0) {
    throw new DomainError("invalid_input", "The meeting was not saved.", problems);
  }
  return {
    title,
    description,
    startAt,
    endAt: new Date(startAt.getTime() + duration * 60_000),
    timeZone,
    inviteeIds,
    mode: fields.mode,
    series,
    guests: guestList?.guests,
  };
}
