import type { AlertPayload } from "../alerts/alert-payload.ts";
import type { MeetingChangeAtProvider } from "../conferencing/provider-side-change.ts";

/**
 * Every task confab runs, with the payload it takes. A feature that adds a task adds its line
 * here and its handler to the task list, so enqueueing an unknown task is a type error.
 */
export type TaskPayloads = {
  /** Hourly: drop rate windows, webhook receipts and OAuth states that have served. */
  "connections:prune_records": Record<string, never>;
  "quotas:prune_records": Record<string, never>;
  /** Hourly: forget old form keys, and what their result pages never showed in time. */
  "submissions:prune_records": Record<string, never>;
  /** Revoke a connection at its provider and drop its tokens: its owner is gone. */
  "connections:remove": { connectionId: string };
  /** Hourly: every organization's events by conferencing state, for the operations chart. */
  "operations:record_provisioning_snapshot": Record<string, never>;
  /** A provider told confab that a meeting changed or was deleted on its side. */
  "conferencing:meeting_changed_at_provider": {
    provider: string;
    meetingId: string;
    /** The provider's id of the one occurrence of a series that changed, when only it did. */
    occurrenceId?: string;
    change: "deleted" | "updated";
    /** An update's new time and topic, as the provider said them; empty for a delete. */
    changed: MeetingChangeAtProvider;
  };
  /**
   * Have the provider tell confab of changes on its side to a connection's meetings: make its
   * watch, renew it, or make it again. With `watchId`, only while that is still the watch held.
   */
  "conferencing:watch_connection": {
    connectionId: string;
    need?: "renew" | "recreate";
    watchId?: string;
    /** The instant the renewal was decided at (ISO): the watch lasts from there. */
    asOf?: string;
  };
  /** Hourly: renew the watches that lapse soon. */
  "conferencing:renew_watches": Record<string, never>;
  /** A watched calendar says one of its events changed or was deleted, without saying how. */
  "conferencing:watched_meeting_changed": {
    provider: string;
    /** The connection whose watch reported it, checked by its token. */
    connectionId: string;
    meetingId: string;
    change: "deleted" | "updated";
    /** The version the notification names, where the provider sends one (Graph's etag). */
    version?: string;
  };
  /** Read back every meeting confab made in a watched calendar: changes may have been missed. */
  "conferencing:resync_watched": { connectionId: string; watchId?: string };
  /** Bring one event's meeting in step with the event (create, update or delete it). */
  "conferencing:provision_meeting": { eventId: string };
  /** Send one push notification to an application, until it is acknowledged. */
  "conferencing:deliver_notification": { notificationId: string };
  /** Send one outbox message through SMTP, once. */
  "mail:send": { mailId: string };
  /** Bring a program meeting's calendar invitations in step: REQUESTs, updates and CANCELs. */
  "program_meetings:mail_invitations": { eventId: string };
  /** Tell the people concerned that something stopped working: once per incident. */
  "alerts:send": AlertPayload;
};
