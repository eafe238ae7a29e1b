import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // What Cronofy's upsert documents beyond the meeting: all-day events, the details confab keeps
  // and reads back (url, transparency, colour, reminders, privacy, coordinates), and why an
  // upsert's request for a new conference was not acted on (the event had already started).
  // `updated_at` is what `last_modified` reads select on.
  await sql`
    alter table events
      add column all_day boolean not null default false,
      add column details jsonb not null default '{}'::jsonb,
      add column conferencing_skipped_reason text
  `.execute(db);
  await sql`create index events_by_calendar_updated on events (calendar_id, updated_at)`.execute(
    db,
  );
}
