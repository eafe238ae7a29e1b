import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per grant confab holds at a provider: a person's own account (personal) or an
  // organization's install (organization). Tokens are vault ciphertexts. A removed connection
  // keeps its row, without tokens, so events that still name it can say what happened.
  await sql`
    create table provider_connections (
      id                       text primary key,
      provider                 text not null,
      kind                     text not null check (kind in ('personal', 'organization')),
      owner_ref                text not null,
      external_key             text not null,
      external_account_id      text not null,
      external_user_id         text not null,
      email                    text not null,
      display_name             text not null,
      scopes                   text not null default '',
      status                   text not null default 'connected'
                                 check (status in ('connected', 'broken', 'removed')),
      status_reason            text,
      access_token             text,
      refresh_token            text,
      access_token_expires_at  timestamptz,
      refreshed_at             timestamptz,
      refresh_count            integer not null default 0,
      revoke_failure           text,
      created_at               timestamptz not null default now(),
      updated_at               timestamptz not null default now(),
      check (status <> 'removed' or (access_token is null and refresh_token is null))
    )
  `.execute(db);
  // Connecting the same provider account again renews the grant instead of adding a twin.
  await sql`
    create unique index provider_connections_one_grant
    on provider_connections (provider, kind, owner_ref, external_key) where status <> 'removed'
  `.execute(db);
  await sql`create index provider_connections_by_external_user
            on provider_connections (provider, external_user_id)`.execute(db);
  await sql`create index provider_connections_by_external_account
            on provider_connections (provider, external_account_id)`.execute(db);

  // An OAuth round trip in flight: single use, short-lived, bound to whoever started it.
  await sql`
    create table oauth_states (
      state_hash     text primary key,
      provider       text not null,
      kind           text not null check (kind in ('personal', 'organization')),
      owner_ref      text not null,
      binding        text not null,
      code_verifier  text not null,
      return_to      text not null,
      created_at     timestamptz not null default now(),
      expires_at     timestamptz not null
    )
  `.execute(db);

  // Shared rate budgets: calls per provider account per second, writes per host per UTC day.
  await sql`
    create table provider_rate_windows (
      bucket        text not null,
      window_start  timestamptz not null,
      used          integer not null,
      primary key (bucket, window_start)
    )
  `.execute(db);
  await sql`
    create table provider_daily_usage (
      bucket        text not null,
      window_start  timestamptz not null,
      used          integer not null,
      primary key (bucket, window_start)
    )
  `.execute(db);

  // Webhook deliveries already handled: a replayed or retried one is answered, not redone.
  await sql`
    create table webhook_receipts (
      provider     text not null,
      request_id   text not null,
      received_at  timestamptz not null default now(),
      primary key (provider, request_id)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "webhook_receipts",
    "provider_daily_usage",
    "provider_rate_windows",
    "oauth_states",
    "provider_connections",
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
