import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Cronofy's notification channels: an application calendar's standing address for news about
  // its account (a conferencing profile that stopped working), as opposed to an event's
  // subscriptions. A closed channel is kept, closed, so that its id stays its calendar's.
  await sql`
    create table channels (
      id            text primary key,
      calendar_id   text not null references application_calendars(id) on delete cascade,
      callback_url  text not null,
      filters       jsonb not null default '{}',
      created_at    timestamptz not null default now(),
      closed_at     timestamptz
    )
  `.execute(db);
  // Creating a channel identical to an open one answers that one, as Cronofy does; the index
  // makes two such requests at once end with one channel. It also serves "the open channels of
  // a calendar".
  await sql`
    create unique index channels_open_identical on channels (calendar_id, callback_url, filters)
      where closed_at is null
  `.execute(db);

  // A notification concerns an event (its body made when sent), a channel (its body fixed when
  // written, like a verification's), or neither (an admin's test notification).
  await sql`
    alter table notifications
      add column channel_id text references channels(id) on delete cascade,
      add constraint notifications_one_subject check (event_id is null or channel_id is null)
  `.execute(db);
  await sql`
    create index notifications_pending_by_channel on notifications (channel_id)
      where channel_id is not null
        and delivered_at is null and failed_at is null and superseded_at is null
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index notifications_pending_by_channel`.execute(db);
  await sql`delete from notifications where channel_id is not null`.execute(db);
  await sql`
    alter table notifications
      drop constraint notifications_one_subject,
      drop column channel_id
  `.execute(db);
  await sql`drop table channels`.execute(db);
}
