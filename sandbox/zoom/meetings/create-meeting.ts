/**
 * Creating a meeting for a host (zoom.md items 12–13). A recurring meeting with
 * a fixed time (type 8) is one meeting, with one join link, and counts as one
 * create toward the host's daily 100 however many occurrences it has.
 */
import type { ApiCaller } from "../api/authenticate-caller.ts";
import { ZoomApiError } from "../api/zoom-error.ts";
import {
  newDigits,
  newMeetingNumber,
  newMeetingUuid,
  newPasscode,
  newSecret,
} from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { allowsOperation } from "../scopes.ts";
import { findUserByIdOrEmail, type Meeting, type TrackingField, type User } from "../state.ts";
import { checkAlternativeHosts } from "./alternative-hosts.ts";
import type { MeetingBody } from "./check-meeting-body.ts";
import { checkSeriesBody } from "./check-series-body.ts";
import { DEFAULT_MEETING_SETTINGS, knownSettings } from "./meeting-settings.ts";
import { seriesSchedule } from "./series-schedule.ts";
import { parseStartTime } from "./start-time.ts";

/** Users without the Meetings capability (types 4 and 99) cannot host; Basic users can. */
export function requireHostingAllowed(host: User): void {
  if (host.type !== 1 && host.type !== 2) {
    throw new ZoomApiError(
      400,
      3161,
      "Meeting hosting and scheduling capabilities are not allowed for your user account.",
    );
  }
}

/** `schedule_for` may name another user of the account only with an `:admin` scope. */
function scheduledHost(
  context: SandboxContext,
  caller: ApiCaller,
  host: User,
  body: MeetingBody,
): User {
  const scheduleFor = body.schedule_for;
  if (typeof scheduleFor !== "string" || scheduleFor === "") return host;
  const other = findUserByIdOrEmail(context.state, scheduleFor);
  if (other?.id === host.id) return host;
  if (
    other === undefined ||
    other.account_id !== host.account_id ||
    !allowsOperation(caller.grant.scopes, "create_meeting", false)
  ) {
    throw new ZoomApiError(400, 3000, `You cannot schedule a meeting for ${scheduleFor}`);
  }
  return other;
}

export function trackingFields(value: unknown): TrackingField[] | null {
  if (!Array.isArray(value)) return null;
  return value.map((item: { field?: unknown; value?: unknown }) => ({
    field: String(item.field ?? ""),
    value: String(item.value ?? ""),
  }));
}

export function createMeeting(
  context: SandboxContext,
  caller: ApiCaller,
  pathHost: User,
  rawBody: unknown,
): { meeting: Meeting; host: User } {
  const { body, recurrence } = checkSeriesBody(
    "createMeeting",
    rawBody,
    pathHost.timezone,
    (given) => given.type === 8,
  );
  const host = scheduledHost(context, caller, pathHost, body);
  requireHostingAllowed(host);

  const now = context.clock.now();
  const timezone =
    typeof body.timezone === "string" && body.timezone !== "" ? body.timezone : host.timezone;
  const type = typeof body.type === "number" ? body.type : 2;
  let startTime =
    type !== 1 && typeof body.start_time === "string"
      ? (parseStartTime(body.start_time, timezone) ?? now)
      : now;
  const duration = typeof body.duration === "number" ? body.duration : 60;
  const series = type === 8 ? seriesSchedule(startTime, duration, timezone, recurrence) : undefined;
  if (series !== undefined) startTime = series.start_time;

  context.limits.takeHostMeetingWrite(host.id);
  const settings = { ...DEFAULT_MEETING_SETTINGS, ...knownSettings(body.settings ?? {}) };
  settings.alternative_hosts = checkAlternativeHosts(
    context.state,
    host,
    settings.alternative_hosts,
  );

  const meeting: Meeting = {
    id: newMeetingNumber((id) => context.state.meetings.has(id)),
    uuid: newMeetingUuid(),
    host_id: host.id,
    topic: typeof body.topic === "string" ? body.topic : "Zoom meeting",
    type,
    start_time: startTime,
    duration,
    timezone,
    agenda: typeof body.agenda === "string" ? body.agenda : "",
    created_at: now,
    password: typeof body.password === "string" ? body.password : newPasscode(),
    encrypted_password: newSecret(24),
    h323_password: newDigits(6),
    zak: newSecret(48),
    settings,
    tracking_fields: trackingFields(body.tracking_fields),
    // Other types keep a recurrence as sent; Zoom uses it for type 8 only.
    recurrence:
      series !== undefined
        ? { ...series.recurrence }
        : body.recurrence !== null && typeof body.recurrence === "object"
          ? { ...(body.recurrence as Record<string, unknown>) }
          : null,
    occurrences: series?.occurrences ?? null,
  };
  context.state.meetings.set(meeting.id, meeting);
  return { meeting, host };
}
