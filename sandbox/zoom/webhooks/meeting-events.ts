/** Payloads of the meeting events Zoom sends (zoom.md item 26). */
import { zoomTime } from "../clock.ts";
import type { Meeting, User } from "../state.ts";
import type { WebhookEvent } from "./send-webhook.ts";

function summary(meeting: Meeting) {
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    start_time: zoomTime(meeting.start_time),
    duration: meeting.duration,
    timezone: meeting.timezone,
  };
}

export function meetingCreatedEvent(
  meeting: Meeting,
  host: User,
  operator: User,
  joinUrl: string,
  now: number,
): WebhookEvent {
  return {
    event: "meeting.created",
    event_ts: now,
    payload: {
      account_id: host.account_id,
      operator: operator.email,
      operator_id: operator.id,
      object: { ...summary(meeting), join_url: joinUrl },
    },
  };
}

export function meetingDeletedEvent(
  meeting: Meeting,
  host: User,
  operator: User,
  now: number,
): WebhookEvent {
  return {
    event: "meeting.deleted",
    event_ts: now,
    payload: {
      account_id: host.account_id,
      operator: operator.email,
      operator_id: operator.id,
      object: summary(meeting),
    },
  };
}

/** `object` and `old_object` carry only the fields that changed, plus the meeting's identity. */
export function meetingUpdatedEvent(
  meeting: Meeting,
  host: User,
  operator: User,
  changed: Record<string, unknown>,
  previous: Record<string, unknown>,
  now: number,
): WebhookEvent {
  return {
    event: "meeting.updated",
    event_ts: now,
    payload: {
      account_id: host.account_id,
      operator: operator.email,
      operator_id: operator.id,
      object: { id: meeting.id, uuid: meeting.uuid, ...changed },
      old_object: { id: meeting.id, uuid: meeting.uuid, ...previous },
      time_stamp: now,
    },
  };
}
