import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A person's calendar feed: a secret address their calendar app fetches. The app is found by
  // the token's hash; the token itself is kept too, encrypted by the vault, because its owner
  // must be able to read the address again to subscribe another calendar to it.
  await sql`
    create table calendar_feeds (
      user_id    text primary key references users (id) on delete cascade,
      token_hash text not null unique,
      token      text not null,
      created_at timestamptz not null default now()
    )
  `.execute(db);

  // A link mailed to a new address proves it before the account moves to it.
  await sql`alter table email_tokens drop constraint email_tokens_purpose_check`.execute(db);
  await sql`
    alter table email_tokens add constraint email_tokens_purpose_check
      check (purpose in ('verify_email', 'reset_password', 'unblock_sign_in', 'change_email'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from email_tokens where purpose = 'change_email'`.execute(db);
  await sql`alter table email_tokens drop constraint email_tokens_purpose_check`.execute(db);
  await sql`
    alter table email_tokens add constraint email_tokens_purpose_check
      check (purpose in ('verify_email', 'reset_password', 'unblock_sign_in'))
  `.execute(db);
  await sql`drop table calendar_feeds`.execute(db);
}
