import type { Task } from "graphile-worker";
import type { Logger } from "pino";
import type { TaskPayloads } from "../jobs/task-payloads.ts";

/**
 * A meeting changed or vanished on the provider's side (someone used Zoom's own UI). The events
 * that carry meetings arrive with the conferencing core; until then there is nothing of confab's
 * to bring in step, and the change is only noted.
 */
export function meetingChangedAtProvider(logger: Logger): Task {
  return async (payload) => {
    const change = payload as TaskPayloads["conferencing.meeting_changed_at_provider"];
    logger.info(
      { provider: change.provider, meetingId: change.meetingId, change: change.change },
      "meeting changed at the provider",
    );
  };
}
