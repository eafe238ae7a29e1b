import type { Task } from "graphile-worker";
import { type Kysely, type Selectable, sql } from "kysely";
import { applicationSecret } from "../calendars/authenticate-application.ts";
import {
  type CallbackPolicy,
  CallbackRefused,
  CallbackUnresolved,
  resolveCallback,
} from "../callbacks/callback-target.ts";
import { postCallback } from "../callbacks/post-callback.ts";
import { eventView, loadEventWithMeeting } from "../conferencing/event-view.ts";
import type { NotificationsTable, Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { pausedUntil, recordEndpointFailure, recordEndpointSuccess } from "./callback-endpoints.ts";
import { confabSignature, cronofySignature } from "./notification-signature.ts";
import { deliveryJob } from "./write-notifications.ts";

/** How often a notification is tried before it is given up, and the wait after each failure. */
export const deliveryRules = {
  attempts: 25,
  /** The wait after the nth failure is 2^n seconds, up to this. */
  longestWaitSeconds: 3600,
};

export interface DeliveryDeps {
  db: Kysely<Schema>;
  vault: Vault;
  callbacks: CallbackPolicy;
  /** For the event as it reads: what its provider's meetings cannot be. */
  providers: Providers;
}

/**
 * Sends one push notification. A 2xx delivers it, once; anything else is retried with growing
 * waits, counted here rather than by the job queue so that a paused endpoint's wait is not an
 * attempt. A URL the egress rule refuses is given up at once, with the reason kept for the
 * application's admins.
 */
export function deliverNotificationTask(deps: DeliveryDeps): Task {
  return async (payload) => {
    const { notificationId } = payload as TaskPayloads["conferencing:deliver_notification"];
    const { db } = deps;
    const row = await db
      .selectFrom("notifications")
      .selectAll()
      .where("id", "=", notificationId)
      .executeTakeFirst();
    if (!row || row.delivered_at || row.failed_at || row.superseded_at) return;

    const paused = await pausedUntil(db, row.application_id, row.endpoint);
    if (paused) return retryAt(db, row, paused);

    const body = await bodyOf(db, deps.providers, row);
    if (body === undefined) {
      // The event was deleted, or the channel closed, since: there is nothing left to tell.
      await db
        .updateTable("notifications")
        .set({ superseded_at: sql`now()` })
        .where("id", "=", row.id)
        .execute();
      return;
    }
    let problem: string | undefined;
    let permanent = false;
    try {
      const target = await resolveCallback(row.uri, deps.callbacks);
      const secret = await applicationSecret(db, deps.vault, row.application_id);
      const outcome = await postCallback(target, body, {
        "content-type": "application/json",
        "user-agent": "confab",
        "Cronofy-HMAC-SHA256": cronofySignature(body, secret),
        "Confab-Signature": confabSignature(body, secret, {
          id: row.id,
          unixSeconds: Math.floor(Date.now() / 1000),
        }),
      });
      if ("problem" in outcome) problem = `The endpoint ${outcome.problem}.`;
      else if (outcome.status < 200 || outcome.status > 299) {
        problem = `The endpoint answered ${outcome.status}.`;
      }
    } catch (error) {
      if (error instanceof CallbackUnresolved) problem = error.message;
      else if (error instanceof CallbackRefused) {
        const where = row.channel_id ? "the channel's callback_url" : "the subscription's uri";
        problem = `${error.message} Change ${where}; this notification is not retried.`;
        permanent = true;
      } else throw error;
    }

    const attempts = row.attempts + 1;
    if (!problem) {
      await db
        .updateTable("notifications")
        .set({ attempts, last_error: null, delivered_at: sql`now()` })
        .where("id", "=", row.id)
        .execute();
      await recordEndpointSuccess(db, row.application_id, row.endpoint);
      return;
    }
    const givenUp = permanent || attempts >= deliveryRules.attempts;
    await db
      .updateTable("notifications")
      .set({
        attempts,
        last_error:
          givenUp && !permanent ? `${problem} Given up after ${attempts} attempts.` : problem,
        failed_at: givenUp ? sql`now()` : null,
      })
      .where("id", "=", row.id)
      .execute();
    if (permanent) return;
    const pause = await recordEndpointFailure(db, row.application_id, row.endpoint, problem);
    if (givenUp) return;
    const wait = Math.min(2 ** attempts, deliveryRules.longestWaitSeconds) * 1000;
    const next = new Date(Date.now() + wait);
    await retryAt(db, row, pause && pause > next ? pause : next);
  };
}

/**
 * The body as it goes out now: for an event, the event as it is, with the sequence it has
 * reached; through a channel, the body written, while the channel is open.
 */
async function bodyOf(
  db: Kysely<Schema>,
  providers: Providers,
  row: Selectable<NotificationsTable>,
): Promise<string | undefined> {
  if (row.channel_id !== null) {
    const channel = await db
      .selectFrom("channels")
      .select("id")
      .where("id", "=", row.channel_id)
      .where("closed_at", "is", null)
      .executeTakeFirst();
    return channel ? (row.body ?? undefined) : undefined;
  }
  if (row.event_id === null) return row.body ?? undefined;
  const loaded = await loadEventWithMeeting(db, row.event_id);
  if (!loaded || loaded.event.deleted_at !== null) return undefined;
  return JSON.stringify({
    notification: { type: row.type, sequence: Number(loaded.event.notification_sequence) },
    event: eventView(loaded.event, loaded.meeting, providers),
  });
}

async function retryAt(db: Kysely<Schema>, row: Selectable<NotificationsTable>, at: Date) {
  await enqueueJob(
    db,
    "conferencing:deliver_notification",
    { notificationId: row.id },
    { ...deliveryJob(row.application_id, row.endpoint, row.id), runAt: at },
  );
}
