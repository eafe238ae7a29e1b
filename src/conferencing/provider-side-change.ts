import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * What a provider says changed on a meeting, in confab's words, and only the fields confab
 * shows: never a passcode or a setting, so that the job carrying it holds nothing secret.
 */
export interface MeetingChangeAtProvider {
  startTime?: string;
  durationMinutes?: number;
  timeZone?: string;
  topic?: string;
}

/**
 * A meeting as the provider has it after a change made in its own interface, when that differs
 * from what confab sent: its time always, its topic when that was changed too.
 */
export interface ProviderSideChange {
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  topic?: string;
  seenAt: string;
}

/**
 * The changed fields of a provider's meeting-updated event, named as the provider's meeting body
 * names them (start_time, duration, timezone, topic). A change to one occurrence of a series
 * carries its time under `occurrences` instead, and is not read here.
 */
export function readMeetingChange(changed: Record<string, unknown>): MeetingChangeAtProvider {
  const change: MeetingChangeAtProvider = {};
  if (typeof changed.start_time === "string" && !Number.isNaN(Date.parse(changed.start_time))) {
    change.startTime = new Date(changed.start_time).toISOString();
  }
  if (typeof changed.duration === "number" && changed.duration > 0) {
    change.durationMinutes = changed.duration;
  }
  if (typeof changed.timezone === "string" && changed.timezone !== "") {
    change.timeZone = changed.timezone;
  }
  if (typeof changed.topic === "string") change.topic = changed.topic;
  return change;
}

/** The change waiting on the event's meeting for someone to keep it or undo it, if any. */
export async function loadProviderSideChange(
  db: Kysely<Schema>,
  eventId: string,
): Promise<ProviderSideChange | undefined> {
  const row = await db
    .selectFrom("meetings")
    .select("changed_at_provider")
    .where("event_id", "=", eventId)
    .where("provider_meeting_id", "is not", null)
    .executeTakeFirst();
  return (row?.changed_at_provider as ProviderSideChange | null) ?? undefined;
}
