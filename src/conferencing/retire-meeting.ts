import type { Kysely } from "kysely";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { Schema } from "../db/schema.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import type { MeetingRow } from "./event-view.ts";
import { specFromStored } from "./meeting-spec.ts";

/**
 * Deletes the meeting an event no longer needs (the event was deleted, or its conferencing
 * changed). A meeting whose profile was disconnected cannot be reached any more and is only
 * forgotten: removing a profile leaves its meetings in place. Retriable failures propagate,
 * so the job tries again.
 */
export async function retireMeeting(
  deps: { db: Kysely<Schema>; vault: Vault; providers: Providers },
  meeting: MeetingRow,
): Promise<void> {
  const provider = deps.providers.get(meeting.provider);
  if (provider) {
    try {
      await withAccessToken(
        { db: deps.db, vault: deps.vault, provider },
        meeting.connection_id,
        async (access) => {
          const meetingId =
            meeting.provider_meeting_id ??
            (
              await provider.findMeeting(
                access,
                specFromStored(meeting.sent).host,
                meeting.event_id,
              )
            )?.id;
          if (meetingId) await provider.deleteMeeting(access, meetingId);
        },
      );
    } catch (error) {
      const unreachable =
        error instanceof ProviderError &&
        (error.kind === "connection_revoked" ||
          error.kind === "not_found" ||
          error.kind === "rejected");
      if (!unreachable) throw error;
    }
  }
  await deps.db.deleteFrom("meetings").where("event_id", "=", meeting.event_id).execute();
}
