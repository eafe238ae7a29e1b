import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type {
  AccessContext,
  ConferencingProvider,
  MeetingSpec,
  ProviderOccurrence,
} from "../providers/provider.ts";

/*
 * A series' single meetings at its provider: which occurrence is which there, and the ones
 * cancelled or moved in confab made so there, each sent once.
 */

/**
 * The provider's ids of a series' occurrences as it has just scheduled them (made, found again,
 * or scheduled anew), matched to confab's by the start each was scheduled for: what a later change
 * or cancel of one occurrence names at the provider. Ids it no longer has are let go.
 */
export async function recordProviderOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  occurrences: ProviderOccurrence[],
): Promise<void> {
  const rows = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id", "start_at"])
    .where("event_id", "=", eventId)
    .execute();
  const found = new Map<string, string>();
  for (const occurrence of occurrences) {
    const at = occurrence.startTime.getTime();
    const row =
      rows.find((r) => r.provider_occurrence_id === occurrence.id) ??
      rows.find((r) => r.occurrence_id === String(at)) ??
      rows.find((r) => r.start_at.getTime() === at);
    if (row && !found.has(row.occurrence_id)) found.set(row.occurrence_id, occurrence.id);
  }
  for (const row of rows) {
    const id = found.get(row.occurrence_id) ?? null;
    if (id === row.provider_occurrence_id) continue;
    await db
      .updateTable("event_occurrences")
      .set({ provider_occurrence_id: id })
      .where("event_id", "=", eventId)
      .where("occurrence_id", "=", row.occurrence_id)
      .execute();
  }
  // Meetings moved in confab are moved there again.
  await db
    .updateTable("event_occurrences")
    .set({ provider_pending: true })
    .where("event_id", "=", eventId)
    .where("status", "=", "moved")
    .execute();
}

/**
 * Sends the provider each move it has not been told of: one change of that occurrence each,
 * marked done once sent, so that a retry sends nothing twice.
 */
export async function sendMovedOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  updateOne: (occurrence: ProviderOccurrence) => Promise<unknown>,
): Promise<void> {
  const moved = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id", "start_at", "duration_minutes"])
    .where("event_id", "=", eventId)
    // One moved back to its scheduled time is sent as well.
    .where("status", "!=", "cancelled")
    .where("provider_pending", "=", true)
    .execute();
  for (const occurrence of moved) {
    if (occurrence.provider_occurrence_id !== null) {
      await updateOne({
        id: occurrence.provider_occurrence_id,
        startTime: occurrence.start_at,
        durationMinutes: occurrence.duration_minutes,
      });
    }
    await db
      .updateTable("event_occurrences")
      .set({ provider_pending: false })
      .where("event_id", "=", eventId)
      .where("occurrence_id", "=", occurrence.occurrence_id)
      .execute();
  }
}

/**
 * Deletes at the provider each occurrence cancelled in confab that it still has; its provider id
 * is let go once done, so that a retry sends nothing twice.
 */
export async function deleteCancelledOccurrences(
  db: Kysely<Schema>,
  eventId: string,
  deleteOne: (providerOccurrenceId: string) => Promise<unknown>,
): Promise<void> {
  const cancelled = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id"])
    .where("event_id", "=", eventId)
    .where("status", "=", "cancelled")
    .where("provider_occurrence_id", "is not", null)
    .execute();
  for (const occurrence of cancelled) {
    await deleteOne(occurrence.provider_occurrence_id as string);
    await db
      .updateTable("event_occurrences")
      .set({ provider_occurrence_id: null })
      .where("event_id", "=", eventId)
      .where("occurrence_id", "=", occurrence.occurrence_id)
      .execute();
  }
}

/**
 * Whether a change of a series makes the provider schedule its occurrences anew: a new first
 * start, zone, length or rule (or a meeting that starts repeating).
 */
export function schedulesSeriesAnew(next: MeetingSpec, previous: MeetingSpec): boolean {
  if (!next.recurrence) return false;
  return (
    JSON.stringify(next.recurrence) !== JSON.stringify(previous.recurrence) ||
    next.startTime.getTime() !== previous.startTime.getTime() ||
    next.timeZone !== previous.timeZone ||
    next.durationMinutes !== previous.durationMinutes
  );
}

/** The series' single meetings cancelled or moved in confab, made so at the provider. */
export async function sendOccurrenceChanges(
  db: Kysely<Schema>,
  provider: ConferencingProvider,
  access: AccessContext,
  eventId: string,
  meetingId: string,
  host: string,
): Promise<void> {
  await deleteCancelledOccurrences(db, eventId, (occurrenceId) =>
    provider.deleteOccurrence(access, meetingId, occurrenceId),
  );
  await sendMovedOccurrences(db, eventId, (occurrence) =>
    provider.updateOccurrence(access, meetingId, host, occurrence),
  );
}
