import type { Task } from "graphile-worker";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { ConferencingDeps } from "./provision-meeting.ts";
import { meetingsInMailbox } from "./watched-meeting-changed.ts";

/**
 * The provider says changes to a watched calendar may have gone unreported (Graph's `missed`,
 * or a watch made again after it was lost): each meeting confab made there is read back, one job
 * each, as if it had been reported changed. One the provider no longer has is taken as deleted.
 */
export function resyncWatchedTask(deps: ConferencingDeps): Task {
  return async (payload) => {
    const { connectionId, watchId } = payload as TaskPayloads["conferencing:resync_watched"];
    const connection = await deps.db
      .selectFrom("provider_connections")
      .leftJoin("provider_watches", "provider_watches.connection_id", "provider_connections.id")
      .select(["provider_connections.provider", "provider_watches.watch_id"])
      .where("provider_connections.id", "=", connectionId)
      .where("provider_connections.status", "=", "connected")
      .executeTakeFirst();
    if (!connection) return;
    // A watch replaced since: the new one was read back when it was made.
    if (watchId !== undefined && connection.watch_id !== watchId) return;
    const meetings = await meetingsInMailbox(deps.db, connectionId)
      .select(["meetings.provider_meeting_id"])
      .where("meetings.provider", "=", connection.provider)
      .execute();
    for (const { provider_meeting_id } of meetings) {
      await enqueueJob(deps.db, "conferencing:watched_meeting_changed", {
        provider: connection.provider,
        connectionId,
        meetingId: provider_meeting_id as string,
        change: "updated",
      });
    }
  };
}
