import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // A program meeting's calendar invitation: what was last sent (its fingerprint) and under which
  // SEQUENCE, raised on every change a calendar would show (RFC 5546 §2.1.4).
  await sql`
    alter table events
      add column calendar_sequence integer not null default 0 check (calendar_sequence >= 0),
      add column calendar_fingerprint text
  `.execute(db);
  // Who holds the invitation, at which SEQUENCE: a removed invitee is sent a CANCEL once, and an
  // unchanged meeting sends nobody anything.
  await sql`
    create table meeting_invitation_recipients (
      event_id      text not null references events (id) on delete cascade,
      email         text not null check (email = lower(email)),
      sequence_sent integer not null check (sequence_sent >= 0),
      cancelled_at  timestamptz,
      primary key (event_id, email)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table meeting_invitation_recipients`.execute(db);
  await sql`alter table events drop column calendar_sequence, drop column calendar_fingerprint`.execute(
    db,
  );
}
