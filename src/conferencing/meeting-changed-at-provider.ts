import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import type { Logger } from "pino";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import { recordOccurrenceChangeAtProvider } from "../program-meetings/occurrence-change-at-provider.ts";
import type { Providers } from "../providers/registry.ts";
import { changeConferencingState } from "./change-conferencing-state.ts";
import { recordProviderSideChange } from "./record-provider-side-change.ts";

/**
 * A meeting changed or vanished on the provider's side (someone used Zoom's own UI). A deleted
 * meeting leaves its event without conferencing (removed), and the application is told; confab
 * does not make another behind the person's back. A changed time or topic that differs from
 * confab's is noted on the meeting, for its organizer to keep or undo; confab sends nothing
 * back on its own.
 */
export function meetingChangedAtProvider(
  deps: { db: Kysely<Schema>; providers: Providers },
  logger: Logger,
): Task {
  return async (payload) => {
    const change = payload as TaskPayloads["conferencing:meeting_changed_at_provider"];
    logger.info(
      { provider: change.provider, meetingId: change.meetingId, change: change.change },
      "meeting changed at the provider",
    );
    const name = deps.providers.get(change.provider)?.displayName ?? change.provider;
    if (change.occurrenceId !== undefined) {
      // One occurrence of a series: the series and its join link go on whatever happened to it.
      const { occurrenceId } = change;
      await recordOccurrenceChangeAtProvider(deps.db, {
        ...change,
        occurrenceId,
        providerName: name,
      });
      return;
    }
    if (change.change === "updated") {
      await recordProviderSideChange(deps.db, change.provider, change.meetingId, change.changed);
      return;
    }
    await deps.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom("meetings")
        .where("provider", "=", change.provider)
        .where("provider_meeting_id", "=", change.meetingId)
        .returning("event_id")
        .execute();
      for (const { event_id } of gone) {
        await changeConferencingState(trx, event_id, {
          state: "removed",
          reason: `The meeting was deleted in ${name}.`,
        });
      }
    });
  };
}
