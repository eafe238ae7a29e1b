import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Whether members may host the program's meetings with their own connected Zoom instead of in
  // the organization's install; off until a program admin turns it on, since such a meeting is
  // made in an account the organization does not manage.
  await sql`alter table programs add column own_profiles_allowed boolean not null default false`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table programs drop column own_profiles_allowed`.execute(db);
}
