import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { type ConferencingRequest, wantsProviderMeeting } from "./event-input.ts";

/**
 * Asks the worker to bring the event's meeting in step with the event. One pending job per
 * event (its key), run one at a time per event (its queue): a burst of upserts collapses into
 * one job that reads the event's final state.
 */
export async function scheduleProvisioning(
  db: Kysely<Schema>,
  eventId: string,
  runAt?: Date,
): Promise<void> {
  await enqueueJob(
    db,
    "conferencing:provision_meeting",
    { eventId },
    {
      jobKey: `provision:${eventId}`,
      queueName: `event:${eventId}`,
      jobKeyMode: "replace",
      ...(runAt ? { runAt } : {}),
    },
  );
}

/**
 * After an event was written: schedules provisioning when it wants a provider meeting, or still
 * has one (which must then be updated or deleted); an event with neither needs no job.
 */
export async function scheduleProvisioningIfNeeded(
  trx: Kysely<Schema>,
  eventId: string,
  request: ConferencingRequest | null,
): Promise<void> {
  const hasMeeting = await trx
    .selectFrom("meetings")
    .select("event_id")
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  if (wantsProviderMeeting(request) || hasMeeting) await scheduleProvisioning(trx, eventId);
}
