import { providerRecurrence, type SeriesRule } from "../program-meetings/meeting-series.ts";
import type { MeetingPolicySettings, MeetingSpec } from "../providers/provider.ts";
import type { EventRow } from "./event-view.ts";

/**
 * What confab sends for an event: the event's id is the marker found again after a lost reply;
 * a program meeting in the organization's account carries its program's meeting policy.
 */
export function meetingSpecOf(
  event: EventRow,
  hosts: { host: string; alternativeHosts: string[] },
  policy?: MeetingPolicySettings,
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
    ...(policy ? { policy } : {}),
    // A program meeting that repeats is one series at the provider.
    ...(event.recurrence
      ? { recurrence: providerRecurrence(event.recurrence as SeriesRule, event.time_zone) }
      : {}),
  };
}

/**
 * What was last sent for a meeting. The passcode the provider gave it (`password`) counts as
 * sent: a policy asking for a passcode the meeting already has changes nothing there.
 */
export function specFromStored(sent: unknown, password?: string | null): MeetingSpec {
  const stored = sent as Omit<MeetingSpec, "startTime"> & { startTime: string };
  const spec: MeetingSpec = { ...stored, startTime: new Date(stored.startTime) };
  if (spec.policy && spec.policy.passcode === undefined && password) {
    spec.policy = { ...spec.policy, passcode: password };
  }
  return spec;
}
