import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { channelView } from "./channel-view.ts";
import { writeChannelNotification } from "./write-channel-notification.ts";

/** A connection that has just stopped working, as the statement that flipped it returned it. */
export interface DisconnectedProfile {
  id: string;
  kind: "personal" | "organization";
  owner_ref: string;
  provider: string;
  email: string;
}

/**
 * Tells every open channel of the account that owned these conferencing profiles that they no
 * longer work, with Cronofy's `conferencing_profile_disconnected`, in the caller's transaction:
 * the notifications exist exactly when the flip does. Only a person's own profiles are an
 * account's (an organization's install is not listed in any userinfo), and the notification
 * carries the profile as userinfo lists it, without the relink link, which is a credential:
 * userinfo gives it to whoever holds the account's token.
 */
export async function notifyProfilesDisconnected(
  trx: Kysely<Schema>,
  profiles: DisconnectedProfile[],
): Promise<void> {
  const personal = profiles.filter((profile) => profile.kind === "personal");
  if (personal.length === 0) return;
  const channels = await trx
    .selectFrom("channels")
    .innerJoin("application_calendars", "application_calendars.id", "channels.calendar_id")
    .select([
      "channels.id",
      "channels.callback_url",
      "channels.filters",
      "application_calendars.application_id",
      "application_calendars.sub",
    ])
    .where(
      "application_calendars.sub",
      "in",
      personal.map((profile) => profile.owner_ref),
    )
    .where("channels.closed_at", "is", null)
    .orderBy("channels.created_at")
    .orderBy("channels.id")
    .execute();
  for (const profile of personal) {
    for (const row of channels.filter((channel) => channel.sub === profile.owner_ref)) {
      await writeChannelNotification(trx, row.application_id, channelView(row), {
        type: "conferencing_profile_disconnected",
        conferencing_profile: {
          provider_name: profile.provider,
          profile_id: profile.id,
          profile_name: profile.email,
          profile_connected: false,
        },
      });
    }
  }
}
