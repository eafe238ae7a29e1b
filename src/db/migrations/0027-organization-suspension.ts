import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A suspended organization keeps everything it has, so that unsuspending brings it back as it
  // was; meanwhile its members and applications are told why, in the operator's own words.
  await sql`alter table organizations
    add column suspended_at timestamptz,
    add column suspended_reason text,
    add constraint organizations_suspension_has_reason
      check ((suspended_at is null) = (suspended_reason is null))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table organizations
    drop constraint organizations_suspension_has_reason,
    drop column suspended_reason,
    drop column suspended_at`.execute(db);
}
