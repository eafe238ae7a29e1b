import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A connection's watch at its provider (Microsoft Graph's change-notification subscription):
  // the provider's id for it and when it lapses, so it is renewed in time and ended with the
  // connection. One per connection.
  await sql`
    create table provider_watches (
      connection_id  text primary key references provider_connections (id) on delete cascade,
      provider       text not null,
      watch_id       text not null,
      expires_at     timestamptz not null,
      created_at     timestamptz not null default now(),
      renewed_at     timestamptz not null default now(),
      unique (provider, watch_id)
    )
  `.execute(db);
  await sql`create index provider_watches_by_expiry on provider_watches (expires_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table provider_watches`.execute(db);
}
