/**
 * Updating one occurrence of a recurring meeting (`PATCH /meetings/{id}?occurrence_id=…`).
 * Zoom's update reference says what an occurrence supports: its agenda,
 * start_time, duration and the settings host_video, participant_video,
 * join_before_host, mute_upon_entry, waiting_room, watermark and
 * auto_recording. Anything else belongs to the series and is refused here, so
 * a client does not believe it changed one occurrence when it did not.
 */
import { type FieldError, validationFailed } from "../api/zoom-error.ts";
import { zoomTime } from "../clock.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, Occurrence, User } from "../state.ts";
import { checkMeetingBody } from "./check-meeting-body.ts";
import { findOccurrence } from "./occurrences.ts";
import { parseStartTime } from "./start-time.ts";
import type { MeetingChange } from "./update-meeting.ts";

/** `timezone` is taken only to read a local `start_time`; `schedule_for` changes nothing. */
const OCCURRENCE_FIELDS = new Set([
  "agenda",
  "start_time",
  "duration",
  "settings",
  "timezone",
  "schedule_for",
]);

const OCCURRENCE_SETTINGS = new Set([
  "host_video",
  "participant_video",
  "join_before_host",
  "mute_upon_entry",
  "waiting_room",
  "watermark",
  "auto_recording",
]);

function seriesOnlyFields(body: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of Object.keys(body)) {
    if (!OCCURRENCE_FIELDS.has(field)) {
      errors.push({
        field,
        message: `${field} belongs to the whole series and cannot be changed for one occurrence; update the meeting without occurrence_id.`,
      });
    }
  }
  const settings = body.settings;
  if (settings !== null && typeof settings === "object") {
    for (const key of Object.keys(settings)) {
      if (!OCCURRENCE_SETTINGS.has(key)) {
        errors.push({
          field: `settings.${key}`,
          message: `The setting ${key} belongs to the whole series and cannot be changed for one occurrence.`,
        });
      }
    }
  }
  return errors;
}

function occurrenceFields(meeting: Meeting, occurrence: Occurrence) {
  return {
    occurrence_id: occurrence.occurrence_id,
    start_time: zoomTime(occurrence.start_time),
    duration: occurrence.duration,
    agenda: occurrence.agenda ?? meeting.agenda,
    settings: { ...meeting.settings, ...occurrence.settings },
  };
}

/**
 * Changes the occurrence alone and says what changed, as `meeting.updated`
 * reports it: the occurrence (id, start time, duration) under `occurrences`,
 * and a changed agenda or settings beside it.
 */
export function updateOccurrence(
  context: SandboxContext,
  meeting: Meeting,
  host: User,
  occurrenceId: string,
  rawBody: unknown,
  through: "api" | "zoom-ui" = "api",
): MeetingChange {
  const occurrence = findOccurrence(meeting, occurrenceId);
  const body = checkMeetingBody("updateMeeting", rawBody, meeting.timezone);
  const refused = seriesOnlyFields(body);
  if (refused.length > 0) throw validationFailed(refused);
  // Only API requests count toward the daily 100; edits in Zoom's own interface do not.
  if (through === "api") context.limits.takeHostMeetingWrite(host.id);

  const before = occurrenceFields(meeting, occurrence);
  const timezone =
    typeof body.timezone === "string" && body.timezone !== "" ? body.timezone : meeting.timezone;
  if (typeof body.start_time === "string") {
    occurrence.start_time = parseStartTime(body.start_time, timezone) ?? occurrence.start_time;
  }
  if (typeof body.duration === "number") occurrence.duration = body.duration;
  if (typeof body.agenda === "string") occurrence.agenda = body.agenda;
  if (body.settings !== undefined)
    occurrence.settings = { ...occurrence.settings, ...body.settings };
  const after = occurrenceFields(meeting, occurrence);

  const changed: Record<string, unknown> = {};
  const previous: Record<string, unknown> = {};
  if (before.start_time !== after.start_time || before.duration !== after.duration) {
    const { occurrence_id, start_time, duration } = after;
    changed.occurrences = [{ occurrence_id, start_time, duration }];
    previous.occurrences = [
      { occurrence_id, start_time: before.start_time, duration: before.duration },
    ];
  }
  if (before.agenda !== after.agenda) {
    changed.agenda = after.agenda;
    previous.agenda = before.agenda;
  }
  const newSettings: Record<string, unknown> = {};
  const oldSettings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after.settings)) {
    if (before.settings[key] !== value) {
      newSettings[key] = value;
      oldSettings[key] = before.settings[key];
    }
  }
  if (Object.keys(newSettings).length > 0) {
    changed.settings = newSettings;
    previous.settings = oldSettings;
  }
  // An agenda or settings change alone still names the occurrence it applies to.
  if (Object.keys(changed).length > 0 && changed.occurrences === undefined) {
    const { occurrence_id, start_time, duration } = after;
    changed.occurrences = [{ occurrence_id, start_time, duration }];
    previous.occurrences = [{ occurrence_id, start_time, duration }];
  }
  return { changed, previous };
}
