import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { specFromStored } from "./meeting-spec.ts";
import type { MeetingChangeAtProvider, ProviderSideChange } from "./provider-side-change.ts";

/** The fields of a meeting that a change in the provider's interface is compared on. */
interface Shown {
  startTime: string;
  durationMinutes: number;
  timeZone: string;
  topic: string;
}

function sameInstant(a: string, b: string): boolean {
  return new Date(a).getTime() === new Date(b).getTime();
}

/** The provider shortens a long topic with an ellipsis; the shortened one is still confab's. */
function sameTopic(atProvider: string, ours: string): boolean {
  return (
    atProvider === ours || (atProvider.endsWith("…") && ours.startsWith(atProvider.slice(0, -1)))
  );
}

function same(atProvider: Shown, ours: Shown): boolean {
  return (
    sameInstant(atProvider.startTime, ours.startTime) &&
    atProvider.durationMinutes === ours.durationMinutes &&
    atProvider.timeZone === ours.timeZone &&
    sameTopic(atProvider.topic, ours.topic)
  );
}

/**
 * Notes a meeting changed at the provider when what it has there now differs both from what
 * confab last sent and from the event as it is now. confab's own updates come back as such
 * changes too (sometimes before confab has recorded what it sent): they match the event, and
 * are not shown. A change that puts back what confab has clears the note.
 */
export async function recordProviderSideChange(
  db: Kysely<Schema>,
  provider: string,
  meetingId: string,
  change: MeetingChangeAtProvider,
  now = new Date(),
): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("meetings")
      .innerJoin("events", "events.id", "meetings.event_id")
      .select([
        "meetings.event_id",
        "meetings.sent",
        "meetings.changed_at_provider",
        "events.summary",
        "events.start_at",
        "events.end_at",
        "events.time_zone",
      ])
      .where("meetings.provider", "=", provider)
      .where("meetings.provider_meeting_id", "=", meetingId)
      // The meeting only: a save holds its event and then takes the meeting (in this order).
      .forUpdate("meetings")
      .execute();
    for (const row of rows) {
      const spec = specFromStored(row.sent);
      const sent: Shown = {
        startTime: spec.startTime.toISOString(),
        durationMinutes: spec.durationMinutes,
        timeZone: spec.timeZone,
        topic: spec.topic,
      };
      const ours: Shown = {
        startTime: row.start_at.toISOString(),
        durationMinutes: Math.round((row.end_at.getTime() - row.start_at.getTime()) / 60_000),
        timeZone: row.time_zone,
        topic: row.summary || "Meeting",
      };
      // The provider's fields before this change: what confab sent, or the change noted earlier.
      const pending = row.changed_at_provider as ProviderSideChange | null;
      const before: Shown = pending
        ? { ...sent, ...withoutSeenAt(pending), topic: pending.topic ?? sent.topic }
        : sent;
      const atProvider: Shown = { ...before, ...change };
      const noted: ProviderSideChange | null =
        same(atProvider, ours) || same(atProvider, sent)
          ? null
          : {
              startTime: atProvider.startTime,
              durationMinutes: atProvider.durationMinutes,
              timeZone: atProvider.timeZone,
              ...(sameTopic(atProvider.topic, sent.topic) ? {} : { topic: atProvider.topic }),
              seenAt: now.toISOString(),
            };
      if (noted === null && pending === null) continue;
      await trx
        .updateTable("meetings")
        .set({ changed_at_provider: noted === null ? null : JSON.stringify(noted) })
        .where("event_id", "=", row.event_id)
        .execute();
    }
  });
}

function withoutSeenAt(change: ProviderSideChange) {
  const { seenAt: _seenAt, topic: _topic, ...fields } = change;
  return fields;
}
