import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // How many of an organization's events were pending, assigned and failing at the top of each
  // hour: the history behind the operations dashboard's chart. The state now is counted live;
  // the past cannot be, since an event keeps only its latest state.
  await sql`
    create table provisioning_snapshots (
      organization_id  text not null references organizations (id) on delete cascade,
      taken_at         timestamptz not null,
      pending          integer not null check (pending >= 0),
      assigned         integer not null check (assigned >= 0),
      failing          integer not null check (failing >= 0),
      primary key (organization_id, taken_at)
    )
  `.execute(db);
  await sql`create index provisioning_snapshots_taken_at on provisioning_snapshots (taken_at)`.execute(
    db,
  );
  // Pending and failing events are few and looked at often (the dashboard, every metrics scrape).
  await sql`
    create index events_needing_attention on events (conferencing_state, updated_at)
    where deleted_at is null and conferencing_state in ('pending', 'failing')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index events_needing_attention`.execute(db);
  await sql`drop table provisioning_snapshots`.execute(db);
}
