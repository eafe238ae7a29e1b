import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { MeetingChangeAtProvider } from "./provider-side-change.ts";
import type { ConferencingDeps } from "./provision-meeting.ts";

type Change = TaskPayloads["conferencing:watched_meeting_changed"];

/**
 * The meetings confab made in the watched connection's mailbox: those of every connection on the
 * same provider user, since each of them writes to that one calendar.
 */
export function meetingsInMailbox(db: Kysely<Schema>, connectionId: string) {
  return db
    .selectFrom("meetings")
    .innerJoin("provider_connections as made", "made.id", "meetings.connection_id")
    .innerJoin("provider_connections as watched", (join) =>
      join
        .onRef("watched.provider", "=", "made.provider")
        .onRef("watched.kind", "=", "made.kind")
        .onRef("watched.external_key", "=", "made.external_key"),
    )
    .where("watched.id", "=", connectionId)
    .where("meetings.provider_meeting_id", "is not", null);
}

export function watchedMeetingChangedTask(deps: ConferencingDeps): Task {
  return async (payload) => {
    await watchedMeetingChanged(deps, payload as Change);
  };
}

/**
 * A watched calendar says one of its events changed or was deleted. Only events confab made are
 * looked at; anything else in the calendar is none of confab's business and is not read. A
 * deletion takes the same path as a meeting deleted in Zoom; for a change, which the provider
 * does not describe, the meeting is read back (one call, within the provider's budget) and its
 * time and topic handed on as Zoom's are: what matches what confab sent, or the event as it is
 * now (confab's own updates coming back), is not recorded as a change. A notification naming the
 * version confab's own last write left is not even read back.
 */
export async function watchedMeetingChanged(deps: ConferencingDeps, change: Change) {
  const { db, vault, providers, logger } = deps;
  const provider = providers.get(change.provider);
  if (!provider) return;
  const mine = await meetingsInMailbox(db, change.connectionId)
    .select("meetings.event_id")
    .where("meetings.provider", "=", provider.name)
    .where("meetings.provider_meeting_id", "=", change.meetingId)
    .executeTakeFirst();
  if (!mine) return;

  const handOn = (kind: "deleted" | "updated", changed: MeetingChangeAtProvider = {}) =>
    enqueueJob(db, "conferencing:meeting_changed_at_provider", {
      provider: provider.name,
      meetingId: change.meetingId,
      change: kind,
      changed,
    });
  if (change.change === "deleted") {
    await handOn("deleted");
    return;
  }
  if (!provider.readMeetingShown) return;
  // confab's own write coming back: the provider has what confab sent, so nothing is read.
  if (change.version && (await provider.isOwnWrite?.(change.meetingId, change.version))) return;
  const read = provider.readMeetingShown.bind(provider);
  let shown: Awaited<ReturnType<typeof read>>;
  try {
    shown = await withAccessToken({ db, vault, provider }, change.connectionId, (access) =>
      read(access, change.meetingId),
    );
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "connection_revoked") {
      logger.info(
        { connectionId: change.connectionId, provider: provider.name },
        "a watched change could not be read back: the connection no longer works",
      );
      return;
    }
    throw error;
  }
  if (shown === "gone") {
    await handOn("deleted");
    return;
  }
  const changed: MeetingChangeAtProvider = {};
  if (shown.startTime) changed.startTime = shown.startTime.toISOString();
  if (shown.durationMinutes !== undefined && shown.durationMinutes > 0) {
    changed.durationMinutes = shown.durationMinutes;
  }
  if (shown.topic !== undefined) changed.topic = shown.topic;
  if (Object.keys(changed).length > 0) await handOn("updated", changed);
}
