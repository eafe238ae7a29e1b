import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ProviderSideChange } from "./provider-side-change.ts";

/**
 * Takes a change made at the provider as what the provider has, so the next provisioning sends
 * whatever differs from the event: nothing when the event was moved to the provider's time,
 * confab's time when it was not. The note is cleared: someone decided. Returns whether there was
 * a change to take.
 */
export async function adoptProviderSideChange(
  trx: Kysely<Schema>,
  eventId: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom("meetings")
    .select(["sent", "changed_at_provider"])
    .where("event_id", "=", eventId)
    .forUpdate()
    .executeTakeFirst();
  const change = row?.changed_at_provider as ProviderSideChange | null | undefined;
  if (!row || !change) return false;
  const sent = row.sent as Record<string, unknown>;
  await trx
    .updateTable("meetings")
    .set({
      sent: JSON.stringify({
        ...sent,
        startTime: change.startTime,
        durationMinutes: change.durationMinutes,
        timeZone: change.timeZone,
        ...(change.topic === undefined ? {} : { topic: change.topic }),
      }),
      changed_at_provider: null,
    })
    .where("event_id", "=", eventId)
    .execute();
  return true;
}
