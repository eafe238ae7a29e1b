import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // An address is trusted only once its owner followed a link mailed to it. Accounts made before
  // mail existed proved nothing, so they start unverified.
  await sql`
    alter table users
      add column email_verified_at timestamptz,
      add column time_zone text check (time_zone is null or length(time_zone) <= 64),
      add column meeting_mail boolean not null default true
  `.execute(db);

  // The transactional outbox: a message is written in the same transaction as the change that
  // causes it and sent by a job afterwards, so a change is never mailed without happening, nor
  // made without its mail. The content is a vault ciphertext (links in it are credentials) and is
  // dropped once the SMTP server has accepted it.
  await sql`
    create table outbox_messages (
      id              text primary key check (id ~ '^mail_[a-z0-9]+$'),
      kind            text not null check (kind ~ '^[a-z_.]+$'),
      recipient       text not null,
      user_id         text references users (id) on delete set null,
      organization_id text references organizations (id) on delete cascade,
      content         text,
      status          text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
      attempts        integer not null default 0 check (attempts >= 0),
      last_error      text check (last_error is null or length(last_error) <= 500),
      created_at      timestamptz not null default now(),
      last_attempt_at timestamptz,
      sent_at         timestamptz
    )
  `.execute(db);
  await sql`create index outbox_messages_unsent on outbox_messages (status, created_at) where status <> 'sent'`.execute(
    db,
  );
  await sql`create index outbox_messages_user on outbox_messages (user_id, created_at)`.execute(db);

  // Links mailed to prove an address, reset a password or lift a sign-in block. Only a hash is
  // kept; each is single use and short lived.
  await sql`
    create table email_tokens (
      token_hash  text primary key,
      purpose     text not null check (purpose in ('verify_email', 'reset_password', 'unblock_sign_in')),
      user_id     text not null references users (id) on delete cascade,
      email       text not null check (email = lower(email)),
      created_at  timestamptz not null default now(),
      expires_at  timestamptz not null,
      used_at     timestamptz
    )
  `.execute(db);
  await sql`create index email_tokens_user on email_tokens (user_id, purpose)`.execute(db);

  // To what program role, whether the link went by mail (only then does accepting it prove the
  // address), and a refusal that ends the invitation.
  await sql`
    alter table invitations
      add column program_id text references programs (id) on delete cascade,
      add column program_role text check (program_role is null or length(program_role) <= 40),
      add column mailed boolean not null default false,
      add column declined_at timestamptz
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invitations drop column program_id, drop column program_role, drop column mailed, drop column declined_at`.execute(
    db,
  );
  await sql`drop table email_tokens`.execute(db);
  await sql`drop table outbox_messages`.execute(db);
  await sql`alter table users drop column email_verified_at, drop column time_zone, drop column meeting_mail`.execute(
    db,
  );
}
