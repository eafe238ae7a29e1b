/** Meetings as Zoom's create, get and list replies show them (zoom.md items 12, 16, 17). */
import { zoomTime } from "../clock.ts";
import type { Meeting, User } from "../state.ts";

export function joinUrl(meeting: Meeting, baseUrl: string): string {
  return `${baseUrl}/j/${meeting.id}?pwd=${meeting.encrypted_password}`;
}

export function meetingView(meeting: Meeting, host: User, baseUrl: string) {
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.host_id,
    host_email: host.email,
    topic: meeting.topic,
    type: meeting.type,
    status: "waiting",
    start_time: zoomTime(meeting.start_time),
    duration: meeting.duration,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    created_at: zoomTime(meeting.created_at),
    // The host's link carries a ZAK, a secret that lets its holder start the meeting.
    start_url: `${baseUrl}/s/${meeting.id}?zak=${meeting.zak}`,
    join_url: joinUrl(meeting, baseUrl),
    password: meeting.password,
    h323_password: meeting.h323_password,
    pstn_password: meeting.h323_password,
    encrypted_password: meeting.encrypted_password,
    pre_schedule: false,
    settings: { ...meeting.settings },
    ...(meeting.tracking_fields === null
      ? {}
      : { tracking_fields: meeting.tracking_fields.map((field) => ({ ...field })) }),
    ...(meeting.recurrence === null ? {} : { recurrence: { ...meeting.recurrence } }),
  };
}

export function meetingListItem(meeting: Meeting, baseUrl: string) {
  return {
    uuid: meeting.uuid,
    id: meeting.id,
    host_id: meeting.host_id,
    topic: meeting.topic,
    type: meeting.type,
    start_time: zoomTime(meeting.start_time),
    duration: meeting.duration,
    timezone: meeting.timezone,
    agenda: meeting.agenda,
    created_at: zoomTime(meeting.created_at),
    join_url: joinUrl(meeting, baseUrl),
  };
}
