import { createHmac, timingSafeEqual } from "node:crypto";
import type { ProviderEvent, WebhookReading } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import type { ZoomSettings } from "./zoom-settings.ts";

/** Deliveries older or newer than this are refused: a captured one cannot be replayed later. */
export const toleranceSeconds = 5 * 60;

type Headers = Record<string, string | string[] | undefined>;

function header(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}

function refuse(message: string): never {
  throw new ProviderError("rejected", message);
}

/**
 * Zoom signs `v0:{timestamp}:{raw body}` with the app's secret token (zoom.md item 22). The check
 * runs over the exact bytes received, in constant time, within a five-minute window.
 */
export function verifyZoomSignature(
  secret: string,
  rawBody: string,
  headers: Headers,
  now = Date.now(),
) {
  const signature = header(headers, "x-zm-signature");
  const timestamp = header(headers, "x-zm-request-timestamp");
  if (!signature || !timestamp) refuse("The delivery is not signed.");
  if (!/^\d+$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) {
    refuse("The delivery's timestamp is outside the five-minute window.");
  }
  const expected = Buffer.from(`v0=${hmacHex(secret, `v0:${timestamp}:${rawBody}`)}`);
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    refuse("The delivery's signature does not match.");
  }
}

/**
 * The secret a delivery was signed with: each of confab's two Zoom apps has its own Secret Token,
 * and a delivery does not say which app it is for until it is trusted, so each is tried.
 */
function signingSecret(settings: ZoomSettings, rawBody: string, headers: Headers): string {
  const secrets = [
    ...new Set(
      [settings.userApp?.webhookSecret, settings.orgApp?.webhookSecret].filter(
        (s): s is string => s !== undefined,
      ),
    ),
  ];
  if (secrets.length === 0) {
    refuse("Zoom webhooks are not set up here (no ZOOM_*_WEBHOOK_SECRET is set).");
  }
  let refusal: unknown;
  for (const secret of secrets) {
    try {
      verifyZoomSignature(secret, rawBody, headers);
      return secret;
    } catch (error) {
      refusal = error;
    }
  }
  throw refusal;
}

interface ZoomDelivery {
  event?: unknown;
  payload?: {
    plainToken?: unknown;
    account_id?: unknown;
    user_id?: unknown;
    client_id?: unknown;
    object?: { id?: unknown; occurrences?: unknown };
  };
}

export function readZoomWebhook(
  settings: ZoomSettings,
  rawBody: string,
  headers: Headers,
): WebhookReading {
  const secret = signingSecret(settings, rawBody, headers);
  let delivery: ZoomDelivery;
  try {
    delivery = JSON.parse(rawBody) as ZoomDelivery;
  } catch {
    refuse("The delivery is not JSON.");
  }
  const deliveryId =
    header(headers, "x-zm-request-id") ??
    `${header(headers, "x-zm-request-timestamp")}:${hmacHex(secret, rawBody)}`;
  const payload = delivery.payload ?? {};

  if (delivery.event === "endpoint.url_validation") {
    const plainToken =
      typeof payload.plainToken === "string" ? payload.plainToken : refuse("No plainToken.");
    return {
      deliveryId: `${deliveryId}:validation`,
      reply: { plainToken, encryptedToken: hmacHex(secret, plainToken) },
      events: [],
    };
  }
  // The request id is not signed; the signature (over timestamp and body) is.
  const replayKey = `signature:${header(headers, "x-zm-signature")}`;
  return { deliveryId, replayKey, reply: undefined, events: eventsOf(settings, delivery) };
}

/**
 * The occurrences a meeting event names, when it is about single occurrences of a series:
 * `object.occurrences[{occurrence_id, start_time, duration}]` (Zoom's MeetingUpdatedEvent and
 * MeetingDeletedEvent). None named: the event is about the whole meeting.
 */
function occurrencesOf(object: unknown): Record<string, unknown>[] | undefined {
  const list = (object as { occurrences?: unknown } | undefined)?.occurrences;
  if (!Array.isArray(list)) return undefined;
  const named = list.filter(
    (o): o is Record<string, unknown> =>
      typeof o === "object" &&
      o !== null &&
      (typeof o.occurrence_id === "string" || typeof o.occurrence_id === "number"),
  );
  return named.length > 0 ? named : undefined;
}

function eventsOf(settings: ZoomSettings, delivery: ZoomDelivery): ProviderEvent[] {
  const payload = delivery.payload ?? {};
  const text = (value: unknown) =>
    typeof value === "string" || typeof value === "number" ? String(value) : "";
  switch (delivery.event) {
    case "app_deauthorized": {
      // Which of confab's two apps was removed says which kind of connection it was.
      const clientId = text(payload.client_id);
      const kind = clientId && clientId === settings.orgApp?.clientId ? "organization" : "personal";
      return [
        {
          type: "grant_revoked",
          kind,
          externalAccountId: text(payload.account_id),
          externalUserId: text(payload.user_id),
        },
      ];
    }
    case "meeting.deleted": {
      const meetingId = text(payload.object?.id);
      // Deleting one occurrence sends meeting.deleted too, naming it: the series goes on.
      const occurrences = occurrencesOf(payload.object);
      if (occurrences === undefined) return [{ type: "meeting_deleted", meetingId }];
      return occurrences.map((o) => ({
        type: "occurrence_deleted",
        meetingId,
        occurrenceId: text(o.occurrence_id),
      }));
    }
    case "meeting.updated": {
      const { id, ...changed } = (payload.object ?? {}) as Record<string, unknown>;
      // "Edit this occurrence": its new start and length come under `occurrences`, the series'
      // own fields are not said to change.
      const occurrences = occurrencesOf(payload.object);
      if (occurrences === undefined)
        return [{ type: "meeting_updated", meetingId: text(id), changed }];
      return occurrences.map(({ occurrence_id, ...fields }) => ({
        type: "occurrence_updated",
        meetingId: text(id),
        occurrenceId: text(occurrence_id),
        changed: fields,
      }));
    }
    default:
      return [];
  }
}
