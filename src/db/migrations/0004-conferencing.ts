import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One per (application, the application's own id for one of its users): Cronofy's application
  // calendar. `sub` is the account it stands for; conferencing profiles linked through the
  // hosted link belong to it (provider_connections.owner_ref = sub).
  await sql`
    create table application_calendars (
      id                       text primary key,
      application_id           text not null references applications(id) on delete cascade,
      application_calendar_id  text not null,
      sub                      text not null unique,
      profile_id               text not null unique,
      created_at               timestamptz not null default now(),
      unique (application_id, application_calendar_id)
    )
  `.execute(db);

  // API tokens of an application calendar: only their SHA-256 hashes are kept.
  await sql`
    create table api_grants (
      id                  text primary key,
      application_id      text not null references applications(id) on delete cascade,
      calendar_id         text not null references application_calendars(id) on delete cascade,
      access_token_hash   text not null unique,
      refresh_token_hash  text not null unique,
      access_expires_at   timestamptz not null,
      created_at          timestamptz not null default now(),
      refreshed_at        timestamptz
    )
  `.execute(db);

  // Which of an owner's conferencing profiles "default" means; absent: the oldest one.
  await sql`
    create table conferencing_defaults (
      owner_ref   text primary key,
      profile_id  text not null references provider_connections(id) on delete cascade,
      updated_at  timestamptz not null default now()
    )
  `.execute(db);

  // An application's event, as last upserted. A deleted event keeps its row (deleted_at) until
  // its meeting is gone, so the worker always knows what to undo.
  await sql`
    create table events (
      id                       text primary key,
      calendar_id              text not null references application_calendars(id) on delete cascade,
      event_id                 text not null,
      summary                  text not null default '',
      description              text not null default '',
      start_at                 timestamptz not null,
      end_at                   timestamptz not null,
      time_zone                text not null,
      location                 text,
      attendees                jsonb not null default '[]',
      subscriptions            jsonb not null default '[]',
      conferencing_request     jsonb,
      conferencing_state       text not null default 'none'
                                 check (conferencing_state in ('none', 'pending', 'assigned', 'failing', 'removed')),
      conferencing_reason      text,
      conferencing_relink_url  text,
      deferrals                integer not null default 0,
      revision                 integer not null default 0,
      deleted_at               timestamptz,
      created_at               timestamptz not null default now(),
      updated_at               timestamptz not null default now(),
      unique (calendar_id, event_id)
    )
  `.execute(db);
  await sql`create index events_by_calendar_start on events (calendar_id, start_at)`.execute(db);

  // The meeting confab made (or is making) for an event, and exactly what was last sent for it,
  // so an update sends only real changes. provider_meeting_id is null while a create is in
  // flight: finding such a row means looking for the meeting before creating another.
  await sql`
    create table meetings (
      event_id             text primary key references events(id) on delete cascade,
      connection_id        text not null references provider_connections(id),
      provider             text not null,
      provider_meeting_id  text,
      join_url             text,
      password             text,
      host_email           text,
      sent                 jsonb not null,
      created_at           timestamptz not null default now(),
      updated_at           timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index meetings_by_provider_meeting on meetings (provider, provider_meeting_id)`.execute(
    db,
  );

  // Push notifications to applications, one row per delivery; the body is fixed when the state
  // changes, so every retry carries the same bytes and the same signature.
  await sql`
    create table notifications (
      id              text primary key,
      event_id        text not null references events(id) on delete cascade,
      application_id  text not null references applications(id) on delete cascade,
      type            text not null,
      uri             text not null,
      body            text not null,
      attempts        integer not null default 0,
      last_error      text,
      created_at      timestamptz not null default now(),
      delivered_at    timestamptz
    )
  `.execute(db);

  // Hosted "connect your conferencing" links: single use, short-lived, stored hashed.
  await sql`
    create table conferencing_links (
      id              text primary key,
      token_hash      text not null unique,
      application_id  text not null references applications(id) on delete cascade,
      owner_ref       text not null,
      redirect_uri    text not null,
      provider_name   text,
      created_at      timestamptz not null default now(),
      expires_at      timestamptz not null,
      opened_at       timestamptz,
      finished_at     timestamptz
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "conferencing_links",
    "notifications",
    "meetings",
    "events",
    "conferencing_defaults",
    "api_grants",
    "application_calendars",
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
