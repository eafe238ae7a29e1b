/**
 * Updating a meeting (zoom.md item 14): a partial change, settings merged key
 * by key. For a recurring meeting with a fixed time this is the whole series:
 * a new recurrence, start time or timezone schedules its occurrences anew, and
 * Zoom's update reference requires the recurrence whenever the start time moves.
 */
import { isDeepStrictEqual } from "node:util";
import { validationFailed } from "../api/zoom-error.ts";
import { zoomTime } from "../clock.ts";
import { newSecret } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, User } from "../state.ts";
import { checkAlternativeHosts } from "./alternative-hosts.ts";
import { checkSeriesBody } from "./check-series-body.ts";
import { trackingFields } from "./create-meeting.ts";
import { knownSettings } from "./meeting-settings.ts";
import { occurrenceView } from "./occurrences.ts";
import { readRecurrence } from "./recurrence.ts";
import { type SeriesSchedule, seriesSchedule } from "./series-schedule.ts";
import { parseStartTime } from "./start-time.ts";

export interface MeetingChange {
  /** New values of what changed, as `meeting.updated` reports them. */
  changed: Record<string, unknown>;
  previous: Record<string, unknown>;
}

function comparable(meeting: Meeting): Record<string, unknown> {
  return {
    topic: meeting.topic,
    type: meeting.type,
    start_time: zoomTime(meeting.start_time),
    duration: meeting.duration,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    password: meeting.password,
    tracking_fields: meeting.tracking_fields,
    recurrence: meeting.recurrence,
    occurrences: meeting.occurrences?.map(occurrenceView) ?? null,
  };
}

function difference(before: Meeting, after: Meeting): MeetingChange {
  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  const old = comparable(before);
  const now = comparable(after);
  for (const [key, value] of Object.entries(now)) {
    if (!isDeepStrictEqual(old[key], value)) {
      changed[key] = value;
      previous[key] = old[key];
    }
  }
  const newSettings: Record<string, unknown> = {};
  const oldSettings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after.settings)) {
    if (!isDeepStrictEqual(before.settings[key], value)) {
      newSettings[key] = value;
      oldSettings[key] = before.settings[key];
    }
  }
  if (Object.keys(newSettings).length > 0) {
    changed.settings = newSettings;
    previous.settings = oldSettings;
  }
  return { changed, previous };
}

/**
 * The series' new schedule when this change reschedules it, or undefined when
 * its occurrences stay as they are (or it is not a series).
 */
function newSeriesSchedule(
  meeting: Meeting,
  body: Record<string, unknown>,
  type: number,
  recurrence: ReturnType<typeof readRecurrence>["recurrence"],
): SeriesSchedule | undefined {
  if (type !== 8) return undefined;
  const timezone =
    typeof body.timezone === "string" && body.timezone !== "" ? body.timezone : meeting.timezone;
  const moved = typeof body.start_time === "string";
  const wasSeries = meeting.type === 8 && (meeting.occurrences ?? []).length > 0;
  if (moved && recurrence === undefined) {
    throw validationFailed([
      {
        field: "recurrence",
        message:
          "Moving the start_time of a recurring meeting needs its recurrence object in the same request; to move one occurrence, pass its occurrence_id.",
      },
    ]);
  }
  if (wasSeries && !moved && recurrence === undefined && timezone === meeting.timezone) {
    return undefined;
  }
  const start = moved
    ? (parseStartTime(String(body.start_time), timezone) ?? meeting.start_time)
    : meeting.start_time;
  const duration = typeof body.duration === "number" ? body.duration : meeting.duration;
  const current =
    meeting.type === 8 && meeting.recurrence !== null
      ? readRecurrence(meeting.recurrence).recurrence
      : undefined;
  return seriesSchedule(start, duration, timezone, recurrence ?? current);
}

export function updateMeeting(
  context: SandboxContext,
  meeting: Meeting,
  host: User,
  rawBody: unknown,
  through: "api" | "zoom-ui" = "api",
): MeetingChange {
  const typeAfter = (given: Record<string, unknown>) =>
    typeof given.type === "number" ? given.type : meeting.type;
  const { body, recurrence } = checkSeriesBody(
    "updateMeeting",
    rawBody,
    meeting.timezone,
    (given) => typeAfter(given) === 8,
  );
  const series = newSeriesSchedule(meeting, body, typeAfter(body), recurrence);
  // Only API requests count toward the daily 100; edits in Zoom's own interface do not.
  if (through === "api") context.limits.takeHostMeetingWrite(host.id);
  const settings = { ...meeting.settings, ...knownSettings(body.settings ?? {}, meeting.settings) };
  if (body.settings?.alternative_hosts !== undefined) {
    settings.alternative_hosts = checkAlternativeHosts(
      context.state,
      host,
      settings.alternative_hosts,
    );
  }
  const before: Meeting = { ...meeting, settings: { ...meeting.settings } };
  const timezone =
    typeof body.timezone === "string" && body.timezone !== "" ? body.timezone : meeting.timezone;
  if (typeof body.topic === "string") meeting.topic = body.topic;
  if (typeof body.type === "number") meeting.type = body.type;
  if (typeof body.start_time === "string") {
    meeting.start_time = parseStartTime(body.start_time, timezone) ?? meeting.start_time;
  }
  if (typeof body.duration === "number") meeting.duration = body.duration;
  meeting.timezone = timezone;
  if (typeof body.agenda === "string") meeting.agenda = body.agenda;
  if (typeof body.password === "string" && body.password !== meeting.password) {
    meeting.password = body.password;
    // The join link's `pwd` is the encrypted passcode, so a new passcode is a new link.
    meeting.encrypted_password = newSecret(24);
  }
  if (body.tracking_fields !== undefined)
    meeting.tracking_fields = trackingFields(body.tracking_fields);
  if (body.recurrence !== null && typeof body.recurrence === "object") {
    meeting.recurrence = { ...(body.recurrence as Record<string, unknown>) };
  }
  if (series !== undefined) {
    meeting.start_time = series.start_time;
    meeting.recurrence = { ...series.recurrence };
    meeting.occurrences = series.occurrences;
  } else if (meeting.type === 8 && typeof body.duration === "number") {
    const duration = body.duration;
    meeting.occurrences = (meeting.occurrences ?? []).map((occurrence) => ({
      ...occurrence,
      duration,
    }));
  }
  if (meeting.type !== 8) meeting.occurrences = null;
  meeting.settings = settings;
  return difference(before, meeting);
}
