import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A single-use link (the relink link of a broken profile) that has been used, known only by a
  // hash of the one-time id sealed in it: the link itself is never stored. A row is needed only
  // while the link could still open, so it is pruned once the link has expired anyway.
  await sql`
    create table spent_links (
      link_hash   text primary key,
      spent_at    timestamptz not null default now(),
      expires_at  timestamptz not null
    )
  `.execute(db);
  // An OAuth round trip started from such a link: the connection whose provider account it must
  // come back with (or nothing is saved), and the link its success spends, with its expiry.
  await sql`
    alter table oauth_states
      add column reconnects         text,
      add column spends_link        text,
      add column spends_link_until  timestamptz,
      add constraint oauth_states_spends_link_until
        check ((spends_link is null) = (spends_link_until is null))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table oauth_states
      drop constraint oauth_states_spends_link_until,
      drop column spends_link_until,
      drop column spends_link,
      drop column reconnects
  `.execute(db);
  await sql`drop table spent_links`.execute(db);
}
