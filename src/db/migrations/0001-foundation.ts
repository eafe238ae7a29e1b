import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Readiness asks whether any worker is alive; workers may run on other machines.
  await sql`
    create table worker_heartbeats (
      worker_id  text primary key,
      hostname   text not null,
      pid        integer not null,
      started_at timestamptz not null default now(),
      seen_at    timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table worker_heartbeats`.execute(db);
}
