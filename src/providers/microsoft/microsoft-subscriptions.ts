import type { AccessContext, ProviderWatch, WatchRequest } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { callGraph, type GraphOptions } from "./microsoft-graph.ts";

/**
 * Outlook events may be watched for at most 10,080 minutes (learn.microsoft.com/graph/api/resources/subscription,
 * "Subscription lifetime"); an hour less, so that a clock a little ahead of Graph's is not refused.
 */
export const subscriptionLifetimeMinutes = 10_080 - 60;

/** The part of a subscription (resources/subscription) confab reads. */
interface GraphSubscription {
  id?: string;
  expirationDateTime?: string;
}

function expiryFrom(now: Date): string {
  return new Date(now.getTime() + subscriptionLifetimeMinutes * 60_000).toISOString();
}

function watchOf(subscription: GraphSubscription | undefined): ProviderWatch {
  const expiresAt = Date.parse(subscription?.expirationDateTime ?? "");
  if (!subscription?.id || Number.isNaN(expiresAt)) {
    throw new ProviderError(
      "unavailable",
      "Microsoft's reply about the subscription was incomplete.",
    );
  }
  return { id: subscription.id, expiresAt: new Date(expiresAt) };
}

/**
 * Change notifications for the host's own calendar (learn.microsoft.com/graph/api/subscription-post-subscriptions):
 * updates and deletions of its events, to confab's webhook, lifecycle notifications included
 * (the same URL may serve both, learn.microsoft.com/graph/change-notifications-lifecycle-events).
 * Graph validates both URLs before it answers. Creations are not asked for: confab makes its own.
 */
export function microsoftSubscriptions(api: GraphOptions) {
  return {
    async watch(access: AccessContext, request: WatchRequest): Promise<ProviderWatch | undefined> {
      // An organization's app token would watch each host's mailbox; those installs are not offered.
      if (access.kind !== "personal") return undefined;
      const { body } = await callGraph<GraphSubscription>(api, access.accessToken, {
        method: "POST",
        path: "/subscriptions",
        body: {
          changeType: "updated,deleted",
          notificationUrl: request.webhookUrl,
          lifecycleNotificationUrl: request.webhookUrl,
          resource: "me/events",
          expirationDateTime: expiryFrom(request.now),
          clientState: request.token,
        },
      });
      return watchOf(body);
    },

    /** A PATCH of its expiry (subscription-update); also what a reauthorizationRequired asks. */
    async renew(
      access: AccessContext,
      watchId: string,
      now: Date,
    ): Promise<ProviderWatch | "gone"> {
      try {
        const { body } = await callGraph<GraphSubscription>(api, access.accessToken, {
          method: "PATCH",
          path: `/subscriptions/${encodeURIComponent(watchId)}`,
          body: { expirationDateTime: expiryFrom(now) },
        });
        return watchOf(body);
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not_found") return "gone";
        throw error;
      }
    },

    async unwatch(access: AccessContext, watchId: string): Promise<void> {
      try {
        await callGraph(api, access.accessToken, {
          method: "DELETE",
          path: `/subscriptions/${encodeURIComponent(watchId)}`,
        });
      } catch (error) {
        if (error instanceof ProviderError && error.kind === "not_found") return;
        throw error;
      }
    },
  };
}
