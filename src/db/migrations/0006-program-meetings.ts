import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A meeting a member makes in a program (F9) is an event like an application's, so one
  // provisioning path keeps both in step with the provider; it belongs to a program instead of
  // an application calendar.
  await sql`alter table events alter column calendar_id drop not null`.execute(db);
  await sql`
    alter table events
      add column program_id   text references programs (id) on delete cascade,
      add column organizer_id text references users (id) on delete set null,
      add column meeting_mode text,
      add column meeting_mode_label text,
      add constraint events_one_owner check ((calendar_id is null) <> (program_id is null))
  `.execute(db);
  await sql`create index events_by_program_start on events (program_id, start_at) where program_id is not null`.execute(
    db,
  );
  // Who was invited, by account: what each of them sees on their pages.
  await sql`
    create table event_invitees (
      event_id   text not null references events (id) on delete cascade,
      user_id    text not null references users (id) on delete cascade,
      primary key (event_id, user_id)
    )
  `.execute(db);
  await sql`create index event_invitees_user on event_invitees (user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table event_invitees`.execute(db);
  await sql`delete from events where program_id is not null`.execute(db);
  await sql`
    alter table events
      drop constraint events_one_owner,
      drop column meeting_mode_label,
      drop column meeting_mode,
      drop column organizer_id,
      drop column program_id
  `.execute(db);
  await sql`alter table events alter column calendar_id set not null`.execute(db);
}
