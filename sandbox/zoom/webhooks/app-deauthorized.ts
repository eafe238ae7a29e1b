/** The `app_deauthorized` event (zoom.md item 25). */
import { createHmac } from "node:crypto";
import { zoomTime } from "../clock.ts";
import type { App, User } from "../state.ts";
import type { WebhookEvent } from "./send-webhook.ts";

export function appDeauthorizedEvent(app: App, user: User, now: number): WebhookEvent {
  const deauthorizationTime = zoomTime(now);
  // Zoom's `signature` lets an app prove the request to its data compliance
  // API; that API is deprecated, so here it is an opaque HMAC over the payload.
  const signature = createHmac("sha256", app.client_secret)
    .update(`${user.account_id}:${user.id}:${deauthorizationTime}:${app.client_id}`)
    .digest("hex");
  return {
    event: "app_deauthorized",
    event_ts: now,
    payload: {
      account_id: user.account_id,
      user_id: user.id,
      signature,
      deauthorization_time: deauthorizationTime,
      client_id: app.client_id,
    },
  };
}
