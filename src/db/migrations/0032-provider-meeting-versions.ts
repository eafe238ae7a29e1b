import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // The version a provider gave a meeting when confab last wrote it (Graph's changeKey): a change
  // notification carrying that version is confab's own write coming back, and nothing needs to be
  // read back for it. Shared by every process, since the write and the notification's job may
  // run in different ones.
  await sql`
    create table provider_meeting_versions (
      provider     text not null,
      meeting_id   text not null,
      version      text not null,
      written_at   timestamptz not null default now(),
      primary key (provider, meeting_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table provider_meeting_versions`.execute(db);
}
