import type { Kysely } from "kysely";
import type { Schema } from "../../src/db/schema.ts";
import type { ApiReply } from "./conferencing-world.ts";

export interface Calendar {
  calendarId: string;
  token: string;
}

type Api = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<ApiReply>;

// One instant for the whole file, so that upserts of one event differ only where a test says so.
const start = new Date(Date.now() + 2 * 86_400_000);
start.setUTCSeconds(0, 0);

/** An upsert of one event with conferencing on the default profile, two days from now. */
export function eventBody(eventId: string, extra: Record<string, unknown> = {}) {
  return {
    event_id: eventId,
    summary: `Session ${eventId}`,
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    conferencing: { profile_id: "default" },
    ...extra,
  };
}

/**
 * Upserts the events one after another; each must be accepted with a 202. Like a client that
 * keeps to the API's limits, it waits out a 429 for as long as Retry-After says and sends again.
 */
export async function upsertEvents(
  api: Api,
  calendar: Calendar,
  eventIds: string[],
  extra: Record<string, unknown> = {},
): Promise<void> {
  for (const eventId of eventIds) {
    let reply = await upsertOne(api, calendar, eventId, extra);
    while (reply.status === 429) {
      const wait = Number(reply.headers.get("retry-after") ?? "1");
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      reply = await upsertOne(api, calendar, eventId, extra);
    }
    if (reply.status !== 202) {
      throw new Error(
        `upsert of ${eventId} answered ${reply.status}: ${JSON.stringify(reply.body)}`,
      );
    }
  }
}

/** How many of the events (all, or those named) stand in each conferencing state. */
export async function conferencingStates(
  db: Kysely<Schema>,
  eventIds?: string[],
): Promise<Record<string, number>> {
  let query = db
    .selectFrom("events")
    .select(["conferencing_state", (eb) => eb.fn.countAll<number>().as("count")])
    .where("deleted_at", "is", null);
  if (eventIds) query = query.where("event_id", "in", eventIds);
  const rows = await query.groupBy("conferencing_state").execute();
  return Object.fromEntries(rows.map((row) => [row.conferencing_state, Number(row.count)]));
}

interface SandboxMeeting {
  id: number;
  agenda?: string;
}

/**
 * The sandbox's meetings counted by the confab event they were made for (the marker that closes
 * each agenda): a count above one is a duplicate meeting.
 */
export async function meetingsPerEvent(
  control: <T>(method: string, path: string) => Promise<T>,
): Promise<Map<string, number>> {
  const meetings = await control<SandboxMeeting[]>("GET", "/meetings");
  const counts = new Map<string, number>();
  for (const meeting of meetings) {
    const marker = /ref (evt_[0-9a-f]+)\)/.exec(meeting.agenda ?? "")?.[1] ?? "unmarked";
    counts.set(marker, (counts.get(marker) ?? 0) + 1);
  }
  return counts;
}

function upsertOne(api: Api, calendar: Calendar, eventId: string, extra: Record<string, unknown>) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: eventBody(eventId, extra),
  });
}
