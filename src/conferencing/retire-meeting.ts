import type { Kysely } from "kysely";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { Schema } from "../db/schema.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import type { MeetingRow } from "./event-view.ts";
import { specFromStored } from "./meeting-spec.ts";
import { connectedSameAccount } from "./same-provider-account.ts";

/**
 * Deletes the meeting an event no longer needs (the event was deleted, or its conferencing
 * changed). A meeting whose personal profile was disconnected cannot be reached any more and is
 * only forgotten: removing a profile leaves its meetings in place. A meeting made with an
 * organization's install is never forgotten that way: while the install is gone or broken its
 * record stays, marked by the event that no longer wants it, and it is deleted once the same
 * account is connected again (resume-waiting-events.ts), so a switch away from the provider
 * never leaves a meeting nobody will remove. Retriable failures propagate, so the job tries again.
 */
export async function retireMeeting(
  deps: { db: Kysely<Schema>; vault: Vault; providers: Providers },
  meeting: MeetingRow,
): Promise<"deleted" | "waiting"> {
  const provider = deps.providers.get(meeting.provider);
  if (provider) {
    const reachable = await connectedSameAccount(deps.db, meeting.connection_id);
    const connection = await deps.db
      .selectFrom("provider_connections")
      .select("kind")
      .where("id", "=", meeting.connection_id)
      .executeTakeFirst();
    const organizations = connection?.kind === "organization";
    if (reachable === undefined && organizations) return "waiting";
    try {
      await withAccessToken(
        { db: deps.db, vault: deps.vault, provider },
        reachable ?? meeting.connection_id,
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
      if (!(error instanceof ProviderError)) throw error;
      if (error.kind === "connection_revoked" && organizations) return "waiting";
      const unreachable =
        error.kind === "connection_revoked" ||
        error.kind === "not_found" ||
        error.kind === "rejected";
      if (!unreachable) throw error;
    }
  }
  await deps.db.deleteFrom("meetings").where("event_id", "=", meeting.event_id).execute();
  return "deleted";
}
