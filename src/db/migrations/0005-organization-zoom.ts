import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // The programs where an org admin lets an organization integration be used (F8). Kept across an
  // uninstall, so installing again brings back the same programs; the program admin's own switch
  // is the provider's row in meeting_modes.
  await sql`
    create table integration_programs (
      organization_id text not null,
      program_id      text not null,
      provider        text not null check (provider ~ '^[a-z0-9_]{1,40}$'),
      enabled_by      text not null,
      created_at      timestamptz not null default now(),
      primary key (program_id, provider),
      foreign key (program_id, organization_id) references programs (id, organization_id) on delete cascade
    )
  `.execute(db);
  await sql`create index integration_programs_organization on integration_programs (organization_id, provider)`.execute(
    db,
  );
  // The organization's install is looked up by its owner on every page that offers meeting modes.
  await sql`create index provider_connections_owner on provider_connections (owner_ref, kind, provider) where status <> 'removed'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index provider_connections_owner`.execute(db);
  await sql`drop table integration_programs`.execute(db);
}
