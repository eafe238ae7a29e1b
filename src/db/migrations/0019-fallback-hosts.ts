import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Who hosts a provider meeting when its creator cannot (a mentee without a Zoom licence):
  // the first licensed invitee by default, so that every member can book where the mode is on.
  await sql`
    alter table programs
    add column fallback_host_rule text not null default 'licensed_invitee'
      check (fallback_host_rule in ('licensed_invitee', 'host_account', 'refuse'))
  `.execute(db);
  // The licensed user of an organization's install that hosts under the 'host_account' rule.
  await sql`alter table provider_connections add column host_account_email text`.execute(db);
  // Whether a person may host in an organization's install, as the provider last said: the
  // meeting form shows it for every member before Continue without asking the provider each time.
  await sql`
    create table provider_host_checks (
      connection_id text not null references provider_connections(id) on delete cascade,
      email         text not null,
      found         boolean not null,
      can_host      boolean not null,
      checked_at    timestamptz not null default now(),
      primary key (connection_id, email)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table provider_host_checks`.execute(db);
  await sql`alter table provider_connections drop column host_account_email`.execute(db);
  await sql`alter table programs drop column fallback_host_rule`.execute(db);
}
