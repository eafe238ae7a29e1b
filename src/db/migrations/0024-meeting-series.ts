import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A program meeting that repeats keeps its rule as the member chose it; start_at and end_at
  // are then its first occurrence's.
  await sql`alter table events add column recurrence jsonb`.execute(db);
  // Each occurrence of a series, by the start it was scheduled for (epoch milliseconds, as Zoom
  // names occurrences too), so that one occurrence can later be moved or cancelled on its own.
  await sql`create table event_occurrences (
    event_id text not null references events(id) on delete cascade,
    occurrence_id text not null,
    start_at timestamptz not null,
    duration_minutes integer not null,
    status text not null default 'scheduled' check (status in ('scheduled', 'cancelled')),
    provider_occurrence_id text,
    primary key (event_id, occurrence_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table event_occurrences`.execute(db);
  await sql`alter table events drop column recurrence`.execute(db);
}
