import { type Kysely, sql } from "kysely";
import type { Schema } from "../../db/schema.ts";

const provider = "ms_teams";

/**
 * The changeKey Outlook gave each event at confab's last write of it. Graph's notifications for
 * Outlook resources carry the changed item's `@odata.etag` (resources/resourcedata), which is
 * that changeKey: a notification whose etag is the one confab's own write left is that write
 * coming back, and needs no read-back. Any other etag (a change in Outlook, or a write whose
 * reply was lost) is read back as before.
 */
export function writtenVersions(db: Kysely<Schema>) {
  return {
    async remember(eventId: string, changeKey: string | undefined): Promise<void> {
      if (!changeKey) return;
      await db
        .insertInto("provider_meeting_versions")
        .values({ provider, meeting_id: eventId, version: changeKey })
        .onConflict((oc) =>
          oc
            .columns(["provider", "meeting_id"])
            .doUpdateSet({ version: changeKey, written_at: sql`now()` }),
        )
        .execute();
    },

    async forget(eventId: string): Promise<void> {
      await db
        .deleteFrom("provider_meeting_versions")
        .where("provider", "=", provider)
        .where("meeting_id", "=", eventId)
        .execute();
    },

    /** `etag` as a notification carries it: `W/"<changeKey>"`. */
    async isOwn(eventId: string, etag: string): Promise<boolean> {
      const changeKey = /^W\/"(.*)"$/.exec(etag)?.[1] ?? etag;
      const row = await db
        .selectFrom("provider_meeting_versions")
        .select("version")
        .where("provider", "=", provider)
        .where("meeting_id", "=", eventId)
        .executeTakeFirst();
      return row !== undefined && row.version === changeKey;
    },
  };
}

export type WrittenVersions = ReturnType<typeof writtenVersions>;
