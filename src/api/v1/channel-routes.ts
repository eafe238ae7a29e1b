import type { FastifyInstance } from "fastify";
import type { CreateChannelBody } from "../../channels/channel-input.ts";
import { closeChannel } from "../../channels/close-channel.ts";
import { channelRules, createChannel } from "../../channels/create-channel.ts";
import { listChannels } from "../../channels/list-channels.ts";
import { type ApiDeps, callerOf } from "./api-routes.ts";
import { bearerSecurity, errorReply, validationErrorReply } from "./schemas.ts";

const channelFilters = {
  type: "object",
  description:
    "Only the filters given are kept and echoed. `calendar_ids` must name this account's calendars (GET /v1/calendars). Cronofy's filters narrow event change notifications, which confab does not send; the notifications confab sends concern the whole account, so every open channel receives them whatever its filters.",
  properties: {
    calendar_ids: {
      type: "array",
      minItems: 1,
      maxItems: 50,
      items: { type: "string", maxLength: 100 },
    },
    only_managed: { type: "boolean" },
  },
};

const channel = {
  type: "object",
  properties: {
    channel_id: { type: "string" },
    callback_url: { type: "string" },
    filters: channelFilters,
  },
};

const channelParams = {
  type: "object",
  required: ["channel_id"],
  properties: { channel_id: { type: "string", maxLength: 100 } },
};

const notificationsSent = `Notifications are POSTed to the callback_url as JSON \`{notification: {type, …}, channel: {channel_id, callback_url, filters}}\`, signed and retried as event notifications are (\`Cronofy-HMAC-SHA256\`, \`Confab-Signature\`, backoff until a 2xx). Notification types are not chosen per channel (Cronofy has no such option): every open channel receives every type confab sends, and a receiver should ignore types it does not know, as Cronofy asks. confab sends:
- \`verification\`, once, when the channel is opened.
- \`conferencing_profile_disconnected\`, when a conferencing profile of the account stops working: its provider access was revoked or failed, it was uninstalled at the provider, or it was removed (POST /v1/profiles/{profile_id}/revoke). The notification carries the profile as userinfo lists it: \`conferencing_profile: {provider_name, profile_id, profile_name, profile_connected: false}\`; the relink link is read from GET /v1/userinfo.
confab never sends \`profile_disconnected\`: Cronofy sends it when a calendar server stops accepting its credentials, and an application calendar's profile is kept by confab itself, so it cannot be disconnected. Revoking a token is the application's own act and ends only that grant; it is not announced. Nor does confab send \`change\` (it syncs no calendars) or \`profile_initial_sync_completed\`.`;

/** Push notification channels: Cronofy's /v1/channels, for the token's calendar. */
export function channelRoutes({ db, callbacks }: ApiDeps) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: CreateChannelBody }>(
      "/channels",
      {
        schema: {
          tags: ["Push notifications"],
          summary: "Open a notification channel for the token's calendar",
          description: `Answers \`{channel: {channel_id, callback_url, filters}}\` (200, as Cronofy). Asking for a channel identical to an open one (same callback_url, same filters) answers that channel and sends nothing new. The callback_url is held to the same rule as event subscriptions: a public https URL on port 443 or 8443 unless this instance's operator allows more, and within the origins the application's organization pinned, if any (422 naming the reason otherwise; nothing is stored). A calendar holds at most ${channelRules.openPerCalendar} open channels (Cronofy's limit per account); one is usually enough. A field confab does not act on (such as Cronofy's alpha \`scheduling_conversations\`) is refused with a 422 that names it. Channels belong to the calendar, not to one token: a refreshed or revoked token leaves them open, and the calendar's later tokens list and close them.\n\n${notificationsSent}`,
          security: bearerSecurity,
          body: {
            type: "object",
            required: ["callback_url"],
            properties: {
              callback_url: {
                type: "string",
                maxLength: 2000,
                description: "The URL notifications are POSTed to.",
              },
              filters: channelFilters,
            },
          },
          response: {
            200: { type: "object", properties: { channel } },
            401: errorReply,
            422: validationErrorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        return { channel: await createChannel(db, caller, request.body, callbacks) };
      },
    );

    app.get(
      "/channels",
      {
        schema: {
          tags: ["Push notifications"],
          summary: "The token's calendar's open notification channels",
          description:
            "Answers `{channels: [{channel_id, callback_url, filters}]}`, oldest first. Closed channels, and other calendars' channels, are never listed.",
          security: bearerSecurity,
          response: {
            200: { type: "object", properties: { channels: { type: "array", items: channel } } },
            401: errorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        return { channels: await listChannels(db, caller) };
      },
    );

    app.delete<{ Params: { channel_id: string } }>(
      "/channels/:channel_id",
      {
        schema: {
          tags: ["Push notifications"],
          summary: "Close a notification channel",
          description:
            "202 with no body, as Cronofy. Nothing more is sent through the channel, including notifications written but not delivered yet. Closing a closed channel of this calendar again is a 202 too; another calendar's channel is not found (404).",
          security: bearerSecurity,
          params: channelParams,
          response: { 202: { type: "null" }, 401: errorReply, 404: errorReply },
        },
      },
      async (request, reply) => {
        const caller = await callerOf(db, request);
        await closeChannel(db, caller, request.params.channel_id);
        return reply.status(202).send();
      },
    );
  };
}
