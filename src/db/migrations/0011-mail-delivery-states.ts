import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // `sending`: committed before the SMTP transaction starts, so a worker that dies in it leaves a
  // trace. `unconfirmed`: such an attempt was found afterwards: the server may have accepted the
  // message before the worker died, so it is not sent again on its own (RFC 1047's duplicate
  // problem); an operator may send it again.
  await sql`alter table outbox_messages drop constraint outbox_messages_status_check`.execute(db);
  await sql`
    alter table outbox_messages add constraint outbox_messages_status_check
    check (status in ('pending', 'sending', 'sent', 'unconfirmed', 'failed'))
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update outbox_messages set status = 'failed' where status in ('sending', 'unconfirmed')`.execute(
    db,
  );
  await sql`alter table outbox_messages drop constraint outbox_messages_status_check`.execute(db);
  await sql`
    alter table outbox_messages add constraint outbox_messages_status_check
    check (status in ('pending', 'sent', 'failed'))
  `.execute(db);
}
