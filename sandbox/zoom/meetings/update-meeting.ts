/** Updating a meeting (zoom.md item 14): a partial change, settings merged key by key. */
import { isDeepStrictEqual } from "node:util";
import { zoomTime } from "../clock.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { Meeting, User } from "../state.ts";
import { checkAlternativeHosts } from "./alternative-hosts.ts";
import { checkMeetingBody } from "./check-meeting-body.ts";
import { trackingFields } from "./create-meeting.ts";
import { knownSettings } from "./meeting-settings.ts";
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

export function updateMeeting(
  context: SandboxContext,
  meeting: Meeting,
  host: User,
  rawBody: unknown,
  through: "api" | "zoom-ui" = "api",
): MeetingChange {
  const body = checkMeetingBody("updateMeeting", rawBody, meeting.timezone);
  // Only API requests count toward the daily 100; edits in Zoom's own interface do not.
  if (through === "api") context.limits.takeHostMeetingWrite(host.id);
  const settings = { ...meeting.settings, ...knownSettings(body.settings ?? {}) };
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
  if (typeof body.password === "string") meeting.password = body.password;
  if (body.tracking_fields !== undefined)
    meeting.tracking_fields = trackingFields(body.tracking_fields);
  if (body.recurrence !== null && typeof body.recurrence === "object") {
    meeting.recurrence = { ...(body.recurrence as Record<string, unknown>) };
  }
  meeting.settings = settings;
  return difference(before, meeting);
}
