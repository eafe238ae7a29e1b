import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Subscription } from "../conferencing/event-input.ts";
import type { ConferencingState, Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { endpointOf } from "./callback-endpoints.ts";

/** The state each push notification announces. */
const interactionFor: Partial<Record<ConferencingState, Subscription["interactions"][number]>> = {
  assigned: "conferencing_assigned",
  failing: "conferencing_failing",
  removed: "conferencing_failing",
};

/**
 * Tells an event's subscribers of its new conferencing state, in the caller's transaction: one
 * notification per subscription that wants it, each with its delivery job. The event's sequence
 * goes up, and any notification to the same address not sent yet is superseded: the new one will
 * carry the event as it is then, which is all the older one had to say.
 */
export async function notifySubscribers(
  trx: Kysely<Schema>,
  eventId: string,
  state: ConferencingState,
) {
  const interaction = interactionFor[state];
  if (!interaction) return;
  const event = await trx
    .updateTable("events")
    .set({ notification_sequence: sql`notification_sequence + 1` })
    .where("id", "=", eventId)
    .where("deleted_at", "is", null)
    .returning(["subscriptions", "calendar_id", "notification_sequence"])
    .executeTakeFirst();
  if (!event) return;
  const wanting = (event.subscriptions as Subscription[]).filter((s) =>
    s.interactions.includes(interaction),
  );
  if (wanting.length === 0) return;
  const calendar = await trx
    .selectFrom("application_calendars")
    .select("application_id")
    .where("id", "=", event.calendar_id)
    .executeTakeFirstOrThrow();
  await trx
    .updateTable("notifications")
    .set({ superseded_at: sql`now()` })
    .where("event_id", "=", eventId)
    .where(
      "uri",
      "in",
      wanting.map((s) => s.uri),
    )
    .where("delivered_at", "is", null)
    .where("failed_at", "is", null)
    .where("superseded_at", "is", null)
    .execute();
  for (const subscription of wanting) {
    await writeNotification(trx, {
      applicationId: calendar.application_id,
      eventId,
      type: interaction,
      uri: subscription.uri,
      sequence: event.notification_sequence,
      body: null,
    });
  }
}

/** One notification and its delivery job. */
export async function writeNotification(
  trx: Kysely<Schema>,
  notification: {
    applicationId: string;
    eventId: string | null;
    /** The channel it goes through (then eventId is null and the body is fixed). */
    channelId?: string;
    type: string;
    uri: string;
    sequence: string;
    body: string | null;
  },
): Promise<string> {
  const id = `ntf_${randomBytes(10).toString("hex")}`;
  const endpoint = endpointOf(notification.uri);
  await trx
    .insertInto("notifications")
    .values({
      id,
      event_id: notification.eventId,
      channel_id: notification.channelId ?? null,
      application_id: notification.applicationId,
      type: notification.type,
      uri: notification.uri,
      body: notification.body,
      sequence: notification.sequence,
      endpoint,
      created_at: sql`now()`,
    })
    .execute();
  await enqueueJob(
    trx,
    "conferencing:deliver_notification",
    { notificationId: id },
    deliveryJob(notification.applicationId, endpoint, id),
  );
  return id;
}

/**
 * A delivery's job options. One queue per (application, endpoint) sends to each endpoint one at
 * a time, so a slow endpoint holds one of the delivery lane's slots, never all of them; the key
 * lets a retry or a pause move the notification's one job instead of adding another.
 */
export function deliveryJob(applicationId: string, endpoint: string, notificationId: string) {
  return {
    queueName: `callback:${applicationId}:${endpoint}`,
    jobKey: `notification:${notificationId}`,
    // Attempts are counted by the task itself, which schedules the next one.
    maxAttempts: 3,
  };
}
