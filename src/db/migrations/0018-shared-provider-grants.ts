import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  // Connections on one provider user (personal) or account (organization) share its one grant
  // at the provider, each row holding a copy of the same tokens. Before, each kept its own, and
  // only the newest consent's still worked: the provider ended the others when it issued it.
  // Every working connection takes the copy of the one refreshed last, the only one still good.
  // Ciphertexts are bound to their column's purpose, not their row, so they copy as they are.
  await sql`
    with newest as (
      select distinct on (provider, kind, external_key)
        provider, kind, external_key,
        access_token, refresh_token, access_token_expires_at, scopes
      from provider_connections
      where status = 'connected' and refresh_token is not null
      order by provider, kind, external_key, refreshed_at desc nulls last, updated_at desc, id
    )
    update provider_connections c
    set access_token = newest.access_token,
        refresh_token = newest.refresh_token,
        access_token_expires_at = newest.access_token_expires_at,
        scopes = newest.scopes
    from newest
    where c.provider = newest.provider
      and c.kind = newest.kind
      and c.external_key = newest.external_key
      and c.status = 'connected'
      and c.refresh_token is distinct from newest.refresh_token
  `.execute(db);
  // A grant's connections are found together on every refresh, consent, break and removal.
  await sql`
    create index provider_connections_by_grant
    on provider_connections (provider, kind, external_key) where status <> 'removed'
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The copies stay: they are the one grant that still works.
  await sql`drop index provider_connections_by_grant`.execute(db);
}
