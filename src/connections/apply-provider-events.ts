import type { Kysely } from "kysely";
import { scheduleAlert } from "../alerts/schedule-alert.ts";
import { recordConnectionsLost } from "../audit/record-connections-lost.ts";
import { notifyProfilesDisconnected } from "../channels/notify-profile-disconnected.ts";
import { readMeetingChange } from "../conferencing/provider-side-change.ts";
import { resumeWaitingEvents } from "../conferencing/resume-waiting-events.ts";
import { scheduleWatch } from "../conferencing/watch-connection.ts";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type {
  ConferencingProvider,
  ProviderEvent,
  WatchOrigin,
  WebhookReading,
} from "../providers/provider.ts";
import { withoutTokens } from "./without-tokens.ts";

/**
 * Acts on a verified webhook delivery, once: the receipt is written in the same transaction as
 * the effects, so a retried or replayed delivery changes nothing. A revoked grant deletes the
 * tokens at once; changes to meetings go to the conferencing core as jobs. Events that came
 * through a watch act for the connection its checked token names (`watched`, from
 * openWatchTokens); one whose token is not there is not acted on.
 */
export async function applyProviderEvents(
  db: Kysely<Schema>,
  provider: ConferencingProvider,
  reading: WebhookReading,
  watched: ReadonlyMap<string, string> = new Map(),
): Promise<"applied" | "duplicate"> {
  return db.transaction().execute(async (trx) => {
    const keys = [reading.deliveryId, ...(reading.replayKey ? [reading.replayKey] : [])];
    const fresh = await trx
      .insertInto("webhook_receipts")
      .values(keys.map((key) => ({ provider: provider.name, request_id: key })))
      .onConflict((oc) => oc.doNothing())
      .returning("request_id")
      .execute();
    // Seen before under either key: a retry (same id) or a replay (same signed bytes).
    if (fresh.length < keys.length) return "duplicate";

    for (const event of reading.events) {
      const origin = watchOf(event);
      if (origin) {
        const connectionId = watched.get(origin.token);
        if (connectionId === undefined) continue;
        if (event.type === "meeting_deleted" || event.type === "meeting_touched") {
          await enqueueJob(trx, "conferencing:watched_meeting_changed", {
            provider: provider.name,
            connectionId,
            meetingId: event.meetingId,
            change: event.type === "meeting_deleted" ? "deleted" : "updated",
            ...(event.type === "meeting_touched" && event.version
              ? { version: event.version }
              : {}),
          });
        } else if (event.type === "watch_lifecycle" && event.need === "resync") {
          await enqueueJob(trx, "conferencing:resync_watched", {
            connectionId,
            watchId: origin.watchId,
          });
        } else if (event.type === "watch_lifecycle" && event.need !== "resync") {
          await scheduleWatch(trx, { connectionId, need: event.need, watchId: origin.watchId });
        }
      } else if (event.type === "grant_revoked") {
        const reason = `${provider.displayName} access was removed from ${provider.displayName}'s side on ${new Date().toISOString().slice(0, 10)}; connect again to use it.`;
        let query = trx
          .updateTable("provider_connections")
          .set(withoutTokens("broken", reason))
          .where("provider", "=", provider.name)
          .where("kind", "=", event.kind)
          .where("status", "=", "connected");
        query =
          event.kind === "organization"
            ? query.where("external_account_id", "=", event.externalAccountId)
            : query.where("external_user_id", "=", event.externalUserId);
        const owners = await query
          .returning(["id", "kind", "owner_ref", "provider", "email"])
          .execute();
        for (const { id } of owners) {
          await scheduleAlert(trx, { alert: "connection_broken", connectionId: id });
        }
        await notifyProfilesDisconnected(trx, owners);
        // The provider names no person, so the log names the provider.
        await recordConnectionsLost(trx, owners, {
          loss: "removed_at_provider",
          actor: { userId: null, label: provider.displayName },
          subject: (connection) => `${provider.displayName} (${connection.email})`,
        });
        if (event.kind === "organization") {
          for (const { owner_ref } of owners) {
            await resumeWaitingEvents(trx, { organizationId: owner_ref });
          }
        }
      } else if (event.type === "occurrence_updated" || event.type === "occurrence_deleted") {
        await enqueueJob(trx, "conferencing:meeting_changed_at_provider", {
          provider: provider.name,
          meetingId: event.meetingId,
          occurrenceId: event.occurrenceId,
          change: event.type === "occurrence_deleted" ? "deleted" : "updated",
          changed: event.type === "occurrence_updated" ? readMeetingChange(event.changed) : {},
        });
      } else if (event.type === "meeting_deleted" || event.type === "meeting_updated") {
        await enqueueJob(trx, "conferencing:meeting_changed_at_provider", {
          provider: provider.name,
          meetingId: event.meetingId,
          change: event.type === "meeting_deleted" ? "deleted" : "updated",
          changed: event.type === "meeting_updated" ? readMeetingChange(event.changed) : {},
        });
      }
    }
    return "applied";
  });
}

function watchOf(event: ProviderEvent): WatchOrigin | undefined {
  return "watch" in event ? event.watch : undefined;
}
