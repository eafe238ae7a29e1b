import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A notification is sent with the event as it is when it goes out, not as it was when the
  // state changed: the stored body is kept only for a verification notification (which has no
  // event). `sequence` grows with every change an application is told of, so a receiver can
  // drop a late retry; a newer notification to the same address supersedes an unsent older one.
  await sql`alter table events add column notification_sequence bigint not null default 0`.execute(
    db,
  );
  await sql`
    alter table notifications
      alter column event_id drop not null,
      alter column body drop not null,
      add column sequence       bigint not null default 0,
      add column endpoint       text not null default '',
      add column failed_at      timestamptz,
      add column superseded_at  timestamptz
  `.execute(db);
  await sql`
    create index notifications_by_application on notifications (application_id, created_at desc)
  `.execute(db);
  await sql`
    create index notifications_pending_by_event on notifications (event_id, uri)
      where delivered_at is null and failed_at is null and superseded_at is null
  `.execute(db);

  // Origins an organization's admins pin an application's subscriptions to; empty: any that
  // the egress rule allows.
  await sql`alter table applications add column callback_origins text[] not null default '{}'`.execute(
    db,
  );

  // One row per address an application receives notifications at (scheme://host:port): its
  // circuit breaker. Repeated failures pause deliveries to it, with growing pauses, so a dead
  // or slow endpoint costs one attempt per pause instead of one per notification.
  await sql`
    create table callback_endpoints (
      application_id        text not null references applications(id) on delete cascade,
      endpoint              text not null,
      consecutive_failures  integer not null default 0,
      paused_until          timestamptz,
      last_error            text,
      last_failure_at       timestamptz,
      last_success_at       timestamptz,
      primary key (application_id, endpoint)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table callback_endpoints`.execute(db);
  await sql`alter table applications drop column callback_origins`.execute(db);
  await sql`drop index notifications_pending_by_event`.execute(db);
  await sql`drop index notifications_by_application`.execute(db);
  await sql`delete from notifications where event_id is null or body is null`.execute(db);
  await sql`
    alter table notifications
      alter column event_id set not null,
      alter column body set not null,
      drop column sequence,
      drop column endpoint,
      drop column failed_at,
      drop column superseded_at
  `.execute(db);
  await sql`alter table events drop column notification_sequence`.execute(db);
}
