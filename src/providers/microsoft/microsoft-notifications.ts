import { createHash } from "node:crypto";
import type { ProviderEvent, WatchOrigin, WebhookReading } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";

/** Graph's validation tokens are a sentence and an id; anything far longer is not one. */
const longestValidationToken = 1_000;

function refuse(message: string): never {
  throw new ProviderError("rejected", message);
}

/** One item of a changeNotificationCollection (resources/changenotification), as confab reads it. */
interface GraphNotification {
  subscriptionId?: unknown;
  clientState?: unknown;
  changeType?: unknown;
  lifecycleEvent?: unknown;
  resourceData?: { id?: unknown; "@odata.etag"?: unknown } | null;
}

const needs = {
  // "Renew the subscription or reauthorize" (change-notifications-lifecycle-events): a renewal
  // made with a fresh token does both.
  reauthorizationRequired: "renew",
  subscriptionRemoved: "recreate",
  missed: "resync",
} as const;

/**
 * A delivery to confab's Microsoft webhook (learn.microsoft.com/graph/change-notifications-delivery-webhooks):
 * Graph's validation request (`?validationToken=…`, answered with the token as text/plain), or a
 * batch of change and lifecycle notifications, each carrying the clientState confab gave its
 * subscription. Graph signs nothing else, so every item's clientState goes to the core to be
 * checked; the batch is answered 202 Accepted once recorded, the work left to jobs.
 */
export function readMicrosoftNotifications(
  rawBody: string,
  query: Record<string, string | undefined> = {},
): WebhookReading {
  const validationToken = query.validationToken;
  if (validationToken !== undefined) {
    if (validationToken === "" || validationToken.length > longestValidationToken) {
      refuse("The validation token is empty or too long to be Microsoft's.");
    }
    return {
      deliveryId: `validation:${digest(validationToken)}`,
      reply: undefined,
      textReply: validationToken,
      events: [],
    };
  }
  let value: unknown;
  try {
    value = (JSON.parse(rawBody) as { value?: unknown }).value;
  } catch {
    refuse("The delivery is not JSON.");
  }
  if (!Array.isArray(value) || value.length === 0) {
    refuse("The delivery has no notifications (an array `value` was expected).");
  }
  const watchTokens: string[] = [];
  const events: ProviderEvent[] = [];
  for (const item of value as GraphNotification[]) {
    if (typeof item !== "object" || item === null) refuse("A notification is not an object.");
    if (typeof item.clientState !== "string" || item.clientState === "") {
      refuse("A notification carries no clientState.");
    }
    if (typeof item.subscriptionId !== "string" || item.subscriptionId === "") {
      refuse("A notification names no subscription.");
    }
    watchTokens.push(item.clientState);
    const watch: WatchOrigin = { watchId: item.subscriptionId, token: item.clientState };
    if (item.lifecycleEvent !== undefined) {
      const need = needs[String(item.lifecycleEvent) as keyof typeof needs];
      if (need) events.push({ type: "watch_lifecycle", watch, need });
      continue;
    }
    const meetingId = item.resourceData?.id;
    if (typeof meetingId !== "string" || meetingId === "") continue;
    if (item.changeType === "deleted") events.push({ type: "meeting_deleted", meetingId, watch });
    if (item.changeType === "updated") {
      // Outlook resources' notifications carry the item's etag (resources/resourcedata).
      const etag = item.resourceData?.["@odata.etag"];
      events.push({
        type: "meeting_touched",
        meetingId,
        watch,
        ...(typeof etag === "string" && etag !== "" ? { version: etag } : {}),
      });
    }
  }
  // Graph sends no delivery id; a retry repeats the same bytes, and each change has its own etag.
  return {
    deliveryId: `notifications:${digest(rawBody)}`,
    reply: undefined,
    acceptedStatus: 202,
    watchTokens,
    events,
  };
}

function digest(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("base64url");
}
