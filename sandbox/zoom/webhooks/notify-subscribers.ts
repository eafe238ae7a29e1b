import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";
import type { WebhookDelivery, WebhookEvent } from "./send-webhook.ts";
import { appsSubscribedTo } from "./subscribed-apps.ts";

/** Sends a meeting event to every app that hears about this host's meetings. */
export async function notifySubscribers(
  context: SandboxContext,
  host: User,
  event: WebhookEvent,
): Promise<WebhookDelivery[]> {
  const apps = appsSubscribedTo(context.state, host);
  const deliveries = await Promise.all(apps.map((app) => context.webhooks.send(app, event)));
  return deliveries.filter((delivery) => delivery !== undefined);
}
