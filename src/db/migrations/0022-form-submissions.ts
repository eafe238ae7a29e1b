import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A form that makes something, sent once: the one-time key its page carried, who sent it, and
  // where what it made can be seen. The key is written in the transaction of what it made, so a
  // form sent again (Back and Reload, a second tab) finds the first result instead of making a
  // second one. What its result page shows once (a new client secret) waits here encrypted until
  // that page is first opened, never in the address.
  await sql`
    create table form_submissions (
      key          text primary key check (length(key) between 20 and 100),
      user_id      text not null references users (id) on delete cascade,
      purpose      text not null,
      result_path  text,
      shown_once   text,
      created_at   timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    create index form_submissions_shown_once on form_submissions (user_id, result_path)
      where shown_once is not null
  `.execute(db);
  await sql`create index form_submissions_created_at on form_submissions (created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table form_submissions`.execute(db);
}
