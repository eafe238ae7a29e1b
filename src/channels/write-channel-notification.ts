import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { writeNotification } from "../push-notifications/write-notifications.ts";
import type { ChannelView } from "./channel-view.ts";

/**
 * Writes a notification to a channel, in the caller's transaction. Its body is Cronofy's
 * `{notification: {type, …}, channel}`, fixed when written, so every retry carries the same
 * bytes and the same signature.
 */
export async function writeChannelNotification(
  trx: Kysely<Schema>,
  applicationId: string,
  channel: ChannelView,
  notification: { type: string } & Record<string, unknown>,
): Promise<void> {
  await writeNotification(trx, {
    applicationId,
    eventId: null,
    channelId: channel.channel_id,
    type: notification.type,
    uri: channel.callback_url,
    sequence: "0",
    body: JSON.stringify({ notification, channel }),
  });
}
