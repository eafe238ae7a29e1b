import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // One meeting of a series moved or deleted in the provider's own interface, when that differs
  // from confab's: shown on that meeting until someone keeps it or puts confab's back.
  await sql`alter table event_occurrences add column changed_at_provider jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table event_occurrences drop column changed_at_provider`.execute(db);
}
