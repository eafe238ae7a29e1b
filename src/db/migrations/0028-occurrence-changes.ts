import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One meeting of a series may be moved on its own: it keeps its occurrence_id (the start it
  // was scheduled for, which its calendar RECURRENCE-ID names) and gets a start and length of
  // its own, sent to the provider as a change of that one occurrence.
  await sql`alter table event_occurrences drop constraint event_occurrences_status_check`.execute(
    db,
  );
  await sql`alter table event_occurrences add constraint event_occurrences_status_check
    check (status in ('scheduled', 'cancelled', 'moved'))`.execute(db);
  // A move the provider has not been told of yet: the worker sends it, then clears this.
  await sql`alter table event_occurrences add column provider_pending boolean not null default false`.execute(
    db,
  );
  // A series edited "this and following" goes on as a new meeting from that date: it names the
  // series it continues.
  await sql`alter table events add column continues_event_id text references events(id) on delete set null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table events drop column continues_event_id`.execute(db);
  await sql`alter table event_occurrences drop column provider_pending`.execute(db);
  await sql`delete from event_occurrences where status = 'moved'`.execute(db);
  await sql`alter table event_occurrences drop constraint event_occurrences_status_check`.execute(
    db,
  );
  await sql`alter table event_occurrences add constraint event_occurrences_status_check
    check (status in ('scheduled', 'cancelled'))`.execute(db);
}
