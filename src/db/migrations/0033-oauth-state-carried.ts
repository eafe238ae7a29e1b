import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // What the first step of a two-step authorization learnt (a Microsoft tenant install: the
  // tenant and the admin who signed in), kept with the state of its second step, server-side,
  // never in a URL. Vault ciphertext of a JSON object.
  await sql`alter table oauth_states add column carried text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table oauth_states drop column carried`.execute(db);
}
