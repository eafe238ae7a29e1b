/**
 * Delivers signed webhooks to an app's registered URL and records every
 * attempt. Like Zoom (zoom.md item 24), a delivery has 3 seconds, and one that
 * fails with a 5xx or a network error is retried 5, 20 and 60 minutes after
 * the first attempt, by the sandbox clock.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../../common/clock.ts";
import { zoomTime } from "../clock.ts";
import { newSecret } from "../identifiers.ts";
import type { App } from "../state.ts";
import { encryptPlainToken, signWebhook } from "./sign-webhook.ts";

export interface WebhookDelivery {
  request_id: string;
  event: string;
  client_id: string;
  url: string;
  attempt: number;
  headers: Record<string, string>;
  body: unknown;
  raw_body: string;
  /** The endpoint's HTTP status; null when it could not be reached in time. */
  status: number | null;
  error: string | null;
  /** Only for `endpoint.url_validation`: did the endpoint answer the challenge correctly? */
  answered_correctly: boolean | null;
  time: string;
}

export interface WebhookEvent {
  event: string;
  event_ts: number;
  payload: Record<string, unknown>;
}

export interface WebhookSender {
  send(app: App, event: WebhookEvent): Promise<WebhookDelivery | undefined>;
  validateUrl(app: App): Promise<boolean>;
  runDueRetries(): Promise<void>;
  deliveries(): WebhookDelivery[];
  clear(): void;
  close(): Promise<void>;
}

const TIMEOUT_MS = 3000;
const RETRY_AFTER_MINUTES = [5, 20, 60];

interface PendingRetry {
  app: App;
  event: WebhookEvent;
  requestId: string;
  attempt: number;
  dueAt: number;
}

export function createWebhookSender(clock: Clock): WebhookSender {
  let deliveries: WebhookDelivery[] = [];
  let retries: PendingRetry[] = [];
  const inFlight = new Set<Promise<unknown>>();

  async function attempt(
    app: App,
    event: WebhookEvent,
    requestId: string,
    attemptNumber: number,
    firstAttemptAt: number,
  ): Promise<{ delivery: WebhookDelivery; reply: string }> {
    const url = app.webhook_url ?? "";
    const rawBody = JSON.stringify(event);
    // Real time, not the sandbox clock: receivers check it against their own clock.
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = {
      "content-type": "application/json",
      "user-agent": "Zoom Marketplace/1.0a",
      "x-zm-request-id": requestId,
      "x-zm-request-timestamp": String(timestamp),
      "x-zm-signature": signWebhook(app.webhook_secret ?? "", timestamp, rawBody),
    };
    const delivery: WebhookDelivery = {
      request_id: requestId,
      event: event.event,
      client_id: app.client_id,
      url,
      attempt: attemptNumber,
      headers,
      body: event,
      raw_body: rawBody,
      status: null,
      error: null,
      answered_correctly: null,
      time: zoomTime(clock.now()),
    };
    deliveries.push(delivery);
    let reply = "";
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: rawBody,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      delivery.status = response.status;
      reply = await response.text();
    } catch (error) {
      delivery.error = error instanceof Error ? error.message : String(error);
    }
    const failed = delivery.status === null || delivery.status >= 500;
    const nextDelay = RETRY_AFTER_MINUTES[attemptNumber - 1];
    if (failed && nextDelay !== undefined && event.event !== "endpoint.url_validation") {
      retries.push({
        app,
        event,
        requestId,
        attempt: attemptNumber + 1,
        dueAt: firstAttemptAt + nextDelay * 60_000,
      });
    }
    return { delivery, reply };
  }

  function track<T>(work: Promise<T>): Promise<T> {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
    return work;
  }

  return {
    async send(app, event) {
      if (app.webhook_url === null) return undefined;
      const requestId = randomUUID();
      const { delivery } = await track(attempt(app, event, requestId, 1, clock.now()));
      return delivery;
    },

    async validateUrl(app) {
      if (app.webhook_url === null) return false;
      const plainToken = newSecret(16);
      const event = {
        event: "endpoint.url_validation",
        event_ts: clock.now(),
        payload: { plainToken },
      };
      const { delivery, reply } = await track(attempt(app, event, randomUUID(), 1, clock.now()));
      const expected = encryptPlainToken(app.webhook_secret ?? "", plainToken);
      let answered = false;
      try {
        const parsed = JSON.parse(reply) as { plainToken?: unknown; encryptedToken?: unknown };
        answered =
          delivery.status === 200 &&
          parsed.plainToken === plainToken &&
          parsed.encryptedToken === expected;
      } catch {
        answered = false;
      }
      delivery.answered_correctly = answered;
      return answered;
    },

    async runDueRetries() {
      const now = clock.now();
      const due = retries.filter((retry) => retry.dueAt <= now);
      retries = retries.filter((retry) => retry.dueAt > now);
      const firstAttemptAt = (retry: PendingRetry) =>
        retry.dueAt - (RETRY_AFTER_MINUTES[retry.attempt - 2] ?? 0) * 60_000;
      await Promise.all(
        due.map((retry) =>
          track(
            attempt(retry.app, retry.event, retry.requestId, retry.attempt, firstAttemptAt(retry)),
          ),
        ),
      );
    },

    deliveries: () => [...deliveries],

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
