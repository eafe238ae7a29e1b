import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Access tokens a refresh replaced: each keeps working until its own expiry, so that processes
  // of one application refreshing on their own never pull the token from under each other. Known
  // only by their hashes, looked up by them; they go with their grant.
  await sql`
    create table api_previous_access_tokens (
      token_hash  text primary key,
      grant_id    text not null references api_grants(id) on delete cascade,
      expires_at  timestamptz not null
    )
  `.execute(db);
  await sql`create index api_previous_access_tokens_by_grant on api_previous_access_tokens (grant_id, expires_at desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table api_previous_access_tokens`.execute(db);
}
