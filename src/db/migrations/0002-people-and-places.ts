import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Emails are stored lower-cased so that one person cannot hold two accounts by case alone.
  await sql`
    create table users (
      id            text primary key check (id ~ '^usr_[a-z0-9]+$'),
      email         text not null unique check (email = lower(email) and email like '%_@_%'),
      name          text not null default '' check (length(name) <= 100),
      password_hash text not null,
      is_operator   boolean not null default false,
      created_at    timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index users_operators on users (email) where is_operator`.execute(db);

  await sql`
    create table organizations (
      id                   text primary key check (id ~ '^org_[a-z0-9]+$'),
      slug                 text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 40),
      name                 text not null check (length(name) between 1 and 100),
      integrations_enabled boolean not null default false,
      created_at           timestamptz not null default now()
    )
  `.execute(db);

  // Only a hash of the session id is kept: a copy of this table does not sign anyone in.
  await sql`
    create table sessions (
      id_hash      text primary key,
      user_id      text not null references users (id) on delete cascade,
      created_at   timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at   timestamptz not null
    )
  `.execute(db);
  await sql`create index sessions_user on sessions (user_id)`.execute(db);
  await sql`create index sessions_expiry on sessions (expires_at)`.execute(db);

  // Failed sign-ins, counted per email and per address across every web process.
  await sql`
    create table sign_in_failures (
      id         bigint generated always as identity primary key,
      email      text not null,
      ip         text not null,
      failed_at  timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index sign_in_failures_email on sign_in_failures (email, failed_at)`.execute(db);
  await sql`create index sign_in_failures_ip on sign_in_failures (ip, failed_at)`.execute(db);

  await sql`
    create table memberships (
      organization_id text not null references organizations (id) on delete cascade,
      user_id         text not null references users (id) on delete cascade,
      role            text not null check (role in ('org_admin', 'member')),
      created_at      timestamptz not null default now(),
      primary key (organization_id, user_id)
    )
  `.execute(db);
  await sql`create index memberships_user on memberships (user_id)`.execute(db);

  await sql`
    create table programs (
      id                 text primary key check (id ~ '^prg_[a-z0-9]+$'),
      organization_id    text not null references organizations (id) on delete cascade,
      name               text not null check (length(name) between 1 and 100),
      member_role_labels text[] not null default '{mentor,mentee}',
      created_at         timestamptz not null default now(),
      unique (organization_id, name),
      unique (id, organization_id)
    )
  `.execute(db);

  // One role per person per program: program_admin, or one of the program's member role labels.
  // Leaving the organization takes every program role with it.
  await sql`
    create table program_roles (
      program_id      text not null,
      organization_id text not null,
      user_id         text not null,
      role            text not null check (length(role) between 1 and 40),
      created_at      timestamptz not null default now(),
      primary key (program_id, user_id),
      foreign key (program_id, organization_id) references programs (id, organization_id) on delete cascade,
      foreign key (organization_id, user_id) references memberships (organization_id, user_id) on delete cascade
    )
  `.execute(db);
  await sql`create index program_roles_member on program_roles (organization_id, user_id)`.execute(
    db,
  );

  // A program's meeting modes: in person and phone built in, text modes the program adds, and
  // the conferencing providers' modes (zoom) once the organization has them.
  await sql`
    create table meeting_modes (
      program_id text not null references programs (id) on delete cascade,
      key        text not null check (key ~ '^[a-z0-9_]{1,60}$'),
      label      text not null check (length(label) between 1 and 60),
      kind       text not null check (kind in ('builtin', 'custom', 'provider')),
      enabled    boolean not null default true,
      created_at timestamptz not null default now(),
      primary key (program_id, key)
    )
  `.execute(db);
  await sql`create unique index meeting_modes_label on meeting_modes (program_id, lower(label))`.execute(
    db,
  );

  await sql`
    create table invitations (
      id              text primary key check (id ~ '^inv_[a-z0-9]+$'),
      organization_id text not null references organizations (id) on delete cascade,
      email           text not null check (email = lower(email)),
      role            text not null check (role in ('org_admin', 'member')),
      token_hash      text not null unique,
      invited_by      text references users (id) on delete set null,
      created_at      timestamptz not null default now(),
      expires_at      timestamptz not null,
      accepted_at     timestamptz
    )
  `.execute(db);
  await sql`create index invitations_pending on invitations (organization_id) where accepted_at is null`.execute(
    db,
  );

  // The client secret is a vault ciphertext: it keys the signatures of push notifications, so
  // confab must be able to read it back, not just compare a hash.
  await sql`
    create table applications (
      id              text primary key check (id ~ '^app_[a-z0-9]+$'),
      organization_id text not null references organizations (id) on delete cascade,
      name            text not null check (length(name) between 1 and 100),
      client_id       text not null unique,
      client_secret   text not null,
      redirect_uris   text[] not null default '{}',
      created_at      timestamptz not null default now(),
      secret_rotated_at timestamptz
    )
  `.execute(db);
  await sql`create index applications_organization on applications (organization_id)`.execute(db);

  // Kept when the actor's account goes: the label says who it was at the time.
  await sql`
    create table audit_entries (
      id              bigint generated always as identity primary key,
      organization_id text not null references organizations (id) on delete cascade,
      actor_user_id   text references users (id) on delete set null,
      actor_label     text not null,
      action          text not null,
      subject_label   text not null default '',
      created_at      timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index audit_entries_organization on audit_entries (organization_id, id desc)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "audit_entries",
    "applications",
    "invitations",
    "meeting_modes",
    "program_roles",
    "programs",
    "memberships",
    "sign_in_failures",
    "sessions",
    "organizations",
    "users",
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
}
