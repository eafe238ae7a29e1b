import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { CallbackPolicy } from "../callbacks/callback-target.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { refuseOutsidePinnedOrigins } from "../push-notifications/callback-origins.ts";
import { countTakingTurns } from "../quotas/count-taking-turns.ts";
import { type CreateChannelBody, readChannelInput } from "./channel-input.ts";
import { type ChannelView, channelView } from "./channel-view.ts";
import { writeChannelNotification } from "./write-channel-notification.ts";

export const channelRules = {
  /**
   * Open channels one application calendar may hold: Cronofy's documented limit for an account.
   * Every open channel is told of every disconnection, so the cap bounds that fan-out too.
   */
  openPerCalendar: 128,
};

/**
 * Opens a channel for the caller's calendar and sends it Cronofy's `verification` notification,
 * both in one transaction. Asking for a channel identical to an open one (same callback_url,
 * same filters) answers that one and sends nothing, as Cronofy does.
 */
export async function createChannel(
  db: Kysely<Schema>,
  caller: CalendarCaller,
  body: CreateChannelBody,
  policy: CallbackPolicy,
): Promise<ChannelView> {
  const input = readChannelInput(body, [caller.calendarId], policy);
  await refuseOutsideApplicationOrigins(db, caller.applicationId, input.callbackUrl);
  const filters = JSON.stringify(input.filters);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto("channels")
      .values({
        id: `chn_${randomBytes(12).toString("hex")}`,
        calendar_id: caller.calendarId,
        callback_url: input.callbackUrl,
        filters,
      })
      .onConflict((oc) =>
        oc
          .columns(["calendar_id", "callback_url", "filters"])
          .where("closed_at", "is", null)
          .doNothing(),
      )
      .returning(["id", "callback_url", "filters"])
      .executeTakeFirst();
    if (!inserted) {
      const existing = await trx
        .selectFrom("channels")
        .select(["id", "callback_url", "filters"])
        .where("calendar_id", "=", caller.calendarId)
        .where("callback_url", "=", input.callbackUrl)
        .where("filters", "=", filters)
        .where("closed_at", "is", null)
        .executeTakeFirstOrThrow();
      return channelView(existing);
    }
    await refuseBeyondChannelCap(trx, caller.calendarId);
    const channel = channelView(inserted);
    await writeChannelNotification(trx, caller.applicationId, channel, { type: "verification" });
    return channel;
  });
}

/** The organization's pinned origins bind channels as they bind event subscriptions. */
async function refuseOutsideApplicationOrigins(
  db: Kysely<Schema>,
  applicationId: string,
  callbackUrl: string,
) {
  const row = await db
    .selectFrom("applications")
    .select("callback_origins")
    .where("id", "=", applicationId)
    .executeTakeFirst();
  const pinned = row?.callback_origins ?? [];
  try {
    refuseOutsidePinnedOrigins(pinned, [callbackUrl]);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    throw new DomainError(
      "unprocessable",
      "The channel is not valid.",
      {
        callback_url: `The callback_url's origin ${new URL(callbackUrl).origin} is not among the origins this application's organization allows for notifications (${pinned.join(", ")}); an admin changes them under Manage → Applications.`,
      },
      { callback_url: "invalid" },
    );
  }
}

async function refuseBeyondChannelCap(trx: Kysely<Schema>, calendarId: string) {
  const cap = channelRules.openPerCalendar;
  const open = await countTakingTurns(trx, `channels:${calendarId}`, async () => {
    const row = await trx
      .selectFrom("channels")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("calendar_id", "=", calendarId)
      .where("closed_at", "is", null)
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (open > cap) {
    throw new DomainError(
      "unprocessable",
      "The channel was not opened.",
      {
        callback_url: `This calendar has ${cap} open channels, the most it may hold; close one (DELETE /v1/channels/{channel_id}) before opening another. One channel is usually enough: every channel is told of every change.`,
      },
      { callback_url: "too_many" },
    );
  }
}
