/**
 * Payloads of the meeting events Zoom sends (zoom.md item 26). For a recurring
 * meeting with a fixed time they carry `occurrences` as Zoom's own webhook
 * types (Rivet's MeetingCreatedEvent, MeetingUpdatedEvent, MeetingDeletedEvent)
 * describe them: the series' occurrences and recurrence on creation, the
 * occurrence changed or deleted (`occurrence_id`, `start_time`) otherwise.
 */
import { zoomTime } from "../clock.ts";
import { occurrenceView } from "../meetings/occurrences.ts";
import type { Meeting, Occurrence, User } from "../state.ts";
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
      object: {
        ...summary(meeting),
        join_url: joinUrl,
        ...(meeting.type === 8 && meeting.occurrences
          ? {
              occurrences: meeting.occurrences.map(occurrenceView),
              recurrence: { ...meeting.recurrence },
            }
          : {}),
      },
    },
  };
}

/** With `occurrence`, only that occurrence of the series was deleted. */
export function meetingDeletedEvent(
  meeting: Meeting,
  host: User,
  operator: User,
  now: number,
  occurrence?: Occurrence,
): WebhookEvent {
  return {
    event: "meeting.deleted",
    event_ts: now,
    payload: {
      account_id: host.account_id,
      operator: operator.email,
      operator_id: operator.id,
      object:
        occurrence === undefined
          ? summary(meeting)
          : {
              ...summary(meeting),
              occurrences: [
                {
                  occurrence_id: occurrence.occurrence_id,
                  start_time: zoomTime(occurrence.start_time),
                },
              ],
            },
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
