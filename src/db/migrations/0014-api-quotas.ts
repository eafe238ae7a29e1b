import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Requests counted per whole second and whole minute of the database's clock, per application
  // and per calendar: every web process adds to the same rows, so a limit holds across them.
  await sql`
    create table api_request_windows (
      scope        text not null check (scope in ('application', 'calendar')),
      subject_id   text not null,
      window_kind  text not null check (window_kind in ('second', 'minute')),
      window_start timestamptz not null,
      count        integer not null,
      primary key (scope, subject_id, window_kind, window_start)
    )
  `.execute(db);
  await sql`create index api_request_windows_by_start on api_request_windows (window_start)`.execute(
    db,
  );

  // A grant ends on its own: `expires_at` is set when a newer grant replaces it (after a grace
  // period) and pushed forward by every refresh, so a refresh token nobody uses runs out.
  await sql`
    alter table api_grants
      add column expires_at timestamptz not null default now() + interval '90 days',
      add column replaced_at timestamptz
  `.execute(db);
  await sql`alter table api_grants alter column expires_at drop default`.execute(db);
  await sql`create index api_grants_by_calendar on api_grants (calendar_id, created_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index api_grants_by_calendar`.execute(db);
  await sql`alter table api_grants drop column expires_at, drop column replaced_at`.execute(db);
  await sql`drop table api_request_windows`.execute(db);
}
