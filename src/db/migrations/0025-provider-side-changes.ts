import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A meeting changed in the provider's own interface, when what it has there now differs from
  // what confab last sent: shown on the meeting until someone keeps it or puts confab's back.
  await sql`alter table meetings add column changed_at_provider jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table meetings drop column changed_at_provider`.execute(db);
}
