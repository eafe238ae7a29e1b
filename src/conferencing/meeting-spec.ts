import type { MeetingSpec } from "../providers/provider.ts";
import type { EventRow } from "./event-view.ts";

/** What confab sends for an event: the event's id is the marker found again after a lost reply. */
export function meetingSpecOf(
  event: EventRow,
  hosts: { host: string; alternativeHosts: string[] },
): MeetingSpec {
  return {
    topic: event.summary || "Meeting",
    agenda: event.description,
    startTime: event.start_at,
    durationMinutes: Math.max(
      1,
      Math.round((event.end_at.getTime() - event.start_at.getTime()) / 60_000),
    ),
    timeZone: event.time_zone,
    host: hosts.host,
    alternativeHosts: hosts.alternativeHosts,
    marker: event.id,
  };
}

export function specFromStored(sent: unknown): MeetingSpec {
  const stored = sent as Omit<MeetingSpec, "startTime"> & { startTime: string };
  return { ...stored, startTime: new Date(stored.startTime) };
}
