import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // An archived program keeps its members, modes and meetings, so that unarchiving brings it
  // back as it was; it leaves the program lists and takes no new meetings meanwhile.
  await sql`alter table programs add column archived_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table programs drop column archived_at`.execute(db);
}
