import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // How a program's meetings in the organization's provider account are set up. No row: the
  // account's own defaults, untouched (what every program had before policies existed).
  // Recording is not a setting: confab never records, so every meeting is sent with none.
  await sql`
    create table meeting_policies (
      program_id         text primary key references programs (id) on delete cascade,
      waiting_room       boolean not null,
      passcode_required  boolean not null,
      -- The fewest characters of a passcode confab makes; Zoom takes at most 10.
      passcode_length    integer not null check (passcode_length between 6 and 10),
      join_before_host   boolean not null,
      mute_upon_entry    boolean not null,
      authenticated_only boolean not null,
      -- The settings an org admin locked: program admins see them and cannot change them.
      locked             text[] not null default '{}' check (
        locked <@ array['waiting_room', 'passcode', 'join_before_host', 'mute_upon_entry',
                        'authenticated_only']
      ),
      updated_at         timestamptz not null default now(),
      -- Zoom turns join before host off whenever the waiting room is on.
      check (not (waiting_room and join_before_host))
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table meeting_policies`.execute(db);
}
