import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Whether members may invite people from outside the program by address alone; off until a
  // program admin turns it on, since a guest is mailed the join link without a confab account.
  await sql`alter table programs add column guests_allowed boolean not null default false`.execute(
    db,
  );
  // A program meeting's guests: addresses outside the program, mailed the invitation and never
  // made into accounts. They go with the meeting when it is deleted.
  await sql`
    create table meeting_guests (
      event_id   text not null references events(id) on delete cascade,
      email      text not null,
      name       text not null default '',
      created_at timestamptz not null default now(),
      primary key (event_id, email)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table meeting_guests`.execute(db);
  await sql`alter table programs drop column guests_allowed`.execute(db);
}
