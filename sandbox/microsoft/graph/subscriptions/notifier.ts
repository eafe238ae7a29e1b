/**
 * Sends change and lifecycle notifications and records every attempt. A receiver has 3 seconds
 * to answer (learn.microsoft.com/graph/change-notifications-delivery-webhooks: "respond ...
 * within 3 seconds"); anything but a 2xx is retried, as Graph retries failed deliveries with
 * back-off for up to 4 hours: here 1, 5, 15, 60 and 240 minutes after the first attempt, by the
 * sandbox clock, when `runDue()` is called. A subscription that expired or was deleted before a
 * retry is due gets no more deliveries.
 */
import type { GraphClock } from "../graph-caller.ts";
import type { StoredSubscription } from "../graph-data.ts";
import { isoInstant } from "../graph-time.ts";
import { newGuid } from "../identifiers.ts";

export interface NotificationDelivery {
  id: string;
  kind: "change" | "lifecycle";
  subscriptionId: string;
  url: string;
  attempt: number;
  body: unknown;
  /** The receiver's HTTP status; null when it could not be reached in time. */
  status: number | null;
  error: string | null;
  time: string;
}

export type ChangeType = "created" | "updated" | "deleted";
export type LifecycleEvent = "reauthorizationRequired" | "subscriptionRemoved" | "missed";

export const DELIVERY_TIMEOUT_MS = 3000;
export const RETRY_AFTER_MINUTES = [1, 5, 15, 60, 240];

interface PendingRetry {
  deliveryId: string;
  kind: NotificationDelivery["kind"];
  subscriptionId: string;
  url: string;
  body: unknown;
  attempt: number;
  firstAttemptAt: number;
  dueAt: number;
}

export interface Notifier {
  /** Tells every live subscription of the mailbox that covers the change; resolves once sent. */
  change(
    subscriptions: StoredSubscription[],
    change: { changeType: ChangeType; mailboxId: string; eventId: string; changeKey: string },
  ): Promise<NotificationDelivery[]>;
  lifecycle(subscription: StoredSubscription, event: LifecycleEvent): Promise<NotificationDelivery>;
  /** Sends the retries that are due by the sandbox clock. */
  runDue(isLive: (subscriptionId: string) => boolean): Promise<NotificationDelivery[]>;
  deliveries(): NotificationDelivery[];
  pendingRetries(): number;
  clear(): void;
  close(): Promise<void>;
}

export function createNotifier(clock: GraphClock): Notifier {
  let deliveries: NotificationDelivery[] = [];
  let retries: PendingRetry[] = [];
  const inFlight = new Set<Promise<unknown>>();

  async function attempt(pending: Omit<PendingRetry, "dueAt">): Promise<NotificationDelivery> {
    const delivery: NotificationDelivery = {
      id: pending.deliveryId,
      kind: pending.kind,
      subscriptionId: pending.subscriptionId,
      url: pending.url,
      attempt: pending.attempt,
      body: pending.body,
      status: null,
      error: null,
      time: isoInstant(clock.now()),
    };
    deliveries.push(delivery);
    try {
      const response = await fetch(pending.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(pending.body),
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      delivery.status = response.status;
      await response.arrayBuffer();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    const delivered = delivery.status !== null && delivery.status >= 200 && delivery.status < 300;
    const nextDelay = RETRY_AFTER_MINUTES[pending.attempt - 1];
    if (!delivered && nextDelay !== undefined) {
      retries.push({
        ...pending,
        attempt: pending.attempt + 1,
        dueAt: pending.firstAttemptAt + nextDelay * 60_000,
      });
    }
    return delivery;
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  function send(
    kind: NotificationDelivery["kind"],
    subscription: StoredSubscription,
    url: string,
    item: Record<string, unknown>,
  ): Promise<NotificationDelivery> {
    return track(
      attempt({
        deliveryId: newGuid(),
        kind,
        subscriptionId: subscription.id,
        url,
        body: { value: [item] },
        attempt: 1,
        firstAttemptAt: clock.now(),
      }),
    );
  }

  return {
    change(subscriptions, change) {
      const now = clock.now();
      const covering = subscriptions.filter(
        (subscription) =>
          subscription.mailboxId === change.mailboxId &&
          subscription.expiresAt > now &&
          subscription.changeTypes.includes(change.changeType),
      );
      const path = `Users/${change.mailboxId}/Events/${change.eventId}`;
      return Promise.all(
        covering.map((subscription) =>
          send("change", subscription, subscription.notificationUrl, {
            subscriptionId: subscription.id,
            subscriptionExpirationDateTime: isoInstant(subscription.expiresAt),
            changeType: change.changeType,
            resource: path,
            resourceData: {
              "@odata.type": "#Microsoft.Graph.Event",
              "@odata.id": path,
              "@odata.etag": `W/"${change.changeKey}"`,
              id: change.eventId,
            },
            clientState: subscription.clientState,
            tenantId: subscription.tenantId,
          }),
        ),
      );
    },

    lifecycle(subscription, event) {
      return send("lifecycle", subscription, subscription.lifecycleNotificationUrl ?? "", {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: isoInstant(subscription.expiresAt),
        tenantId: subscription.tenantId,
        clientState: subscription.clientState,
        lifecycleEvent: event,
      });
    },

    async runDue(isLive) {
      const now = clock.now();
      const due = retries.filter((retry) => retry.dueAt <= now);
      retries = retries.filter((retry) => retry.dueAt > now);
      const live = due.filter((retry) => isLive(retry.subscriptionId));
      return Promise.all(live.map((retry) => track(attempt(retry))));
    },

    deliveries: () => [...deliveries],
    pendingRetries: () => retries.length,

    clear() {
      deliveries = [];
      retries = [];
    },

    async close() {
      retries = [];
      await Promise.allSettled([...inFlight]);
    },
  };
}
