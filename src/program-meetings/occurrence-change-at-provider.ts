import type { Kysely } from "kysely";
import type { MeetingChangeAtProvider } from "../conferencing/provider-side-change.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/**
 * One meeting of a series as the provider has it after someone moved or deleted only it in the
 * provider's own interface, when that differs from confab's: noted on that meeting until its
 * organizer keeps it or puts confab's back. `provider` is the name people know it by.
 */
export type OccurrenceChangeAtProvider =
  | {
      change: "moved";
      provider: string;
      startTime: string;
      durationMinutes: number;
      seenAt: string;
    }
  | { change: "deleted"; provider: string; seenAt: string };

/**
 * Notes a change of one occurrence made at the provider, against confab's occurrence it names
 * (by the provider's occurrence id). confab's own changes come back as such changes too: a time
 * that is confab's, a delete of one confab cancelled, or an echo while confab still has a move of
 * its own to send, are not shown. A change that puts back confab's time clears the note.
 */
export async function recordOccurrenceChangeAtProvider(
  db: Kysely<Schema>,
  event: {
    provider: string;
    providerName: string;
    meetingId: string;
    occurrenceId: string;
    change: "deleted" | "updated";
    changed: MeetingChangeAtProvider;
  },
  now = new Date(),
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("event_occurrences")
      .innerJoin("meetings", "meetings.event_id", "event_occurrences.event_id")
      .select([
        "event_occurrences.event_id",
        "event_occurrences.occurrence_id",
        "event_occurrences.start_at",
        "event_occurrences.duration_minutes",
        "event_occurrences.status",
        "event_occurrences.provider_pending",
        "event_occurrences.changed_at_provider",
      ])
      .where("meetings.provider", "=", event.provider)
      .where("meetings.provider_meeting_id", "=", event.meetingId)
      .where("event_occurrences.provider_occurrence_id", "=", event.occurrenceId)
      .forUpdate("event_occurrences")
      .execute();
    for (const row of rows) {
      if (row.status === "cancelled" || row.provider_pending) continue;
      const pending = row.changed_at_provider as OccurrenceChangeAtProvider | null;
      let noted: OccurrenceChangeAtProvider | null;
      if (event.change === "deleted") {
        noted = { change: "deleted", provider: event.providerName, seenAt: now.toISOString() };
      } else {
        const before = pending?.change === "moved" ? pending : undefined;
        const startTime =
          event.changed.startTime ?? before?.startTime ?? row.start_at.toISOString();
        const durationMinutes =
          event.changed.durationMinutes ?? before?.durationMinutes ?? row.duration_minutes;
        noted =
          new Date(startTime).getTime() === row.start_at.getTime() &&
          durationMinutes === row.duration_minutes
            ? null
            : {
                change: "moved",
                provider: event.providerName,
                startTime,
                durationMinutes,
                seenAt: now.toISOString(),
              };
      }
      if (noted === null && pending === null) continue;
      await trx
        .updateTable("event_occurrences")
        .set({ changed_at_provider: noted === null ? null : JSON.stringify(noted) })
        .where("event_id", "=", row.event_id)
        .where("occurrence_id", "=", row.occurrence_id)
        .execute();
    }
  });
}

/**
 * confab does not send its own change of one meeting over a change made to it at the provider
 * that nobody has decided on: its organizer keeps or restores that first, on the meeting's page.
 */
export function refuseOverOccurrenceChange(noted: unknown): void {
  const change = noted as OccurrenceChangeAtProvider | null | undefined;
  if (!change) return;
  throw new DomainError(
    "conflict",
    `That meeting was ${change.change === "deleted" ? "cancelled" : "moved"} in ${change.provider}. On the meeting's page, keep ${change.provider}'s change or restore confab's first, then change it again if you need to.`,
  );
}
