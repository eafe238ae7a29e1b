import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { tokenRefreshes } from "../metrics/confab-metrics.ts";
import type { AccessContext, ConferencingProvider } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Vault } from "../vault/vault.ts";
import { accessTokenPurpose, refreshTokenPurpose } from "./connection-secrets.ts";
import { breakGrantIn, markConnectionBroken } from "./mark-connection-broken.ts";
import { grantKeyOf, lockGrant, shareRefreshedTokensIn } from "./provider-grant.ts";

export interface ConnectionAccessDeps {
  db: Kysely<Schema>;
  vault: Vault;
  provider: ConferencingProvider;
}

/** Refresh a little before expiry, so a token never expires in flight. */
const refreshMarginMs = 60_000;

/**
 * Runs `work` with a valid access token for the connection. A token the provider refuses is
 * refreshed once and the work retried once; a grant the provider no longer honours marks the
 * connection broken, so the person is asked to reconnect, unless a newer grant reached the
 * connection meanwhile (the same provider user consented again elsewhere): then the work gets one
 * more go with it.
 */
export async function withAccessToken<T>(
  deps: ConnectionAccessDeps,
  connectionId: string,
  work: (access: AccessContext) => Promise<T>,
): Promise<T> {
  const seen: SeenToken = {};
  const attempt = async () => {
    const access = await currentAccess(deps, connectionId, seen);
    try {
      return await work(access);
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === "token_expired")) throw error;
      const renewed = await currentAccess(deps, connectionId, seen, access.accessToken);
      try {
        return await work(renewed);
      } catch (again) {
        if (again instanceof ProviderError && again.kind === "token_expired") {
          throw new ProviderError(
            "connection_revoked",
            "The provider refuses even a fresh token.",
            {
              cause: again,
            },
          );
        }
        throw again;
      }
    }
  };
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ProviderError && error.kind === "connection_revoked")) throw error;
      const refused =
        seen.token === undefined ? undefined : { vault: deps.vault, accessToken: seen.token };
      const outcome = await markConnectionBroken(deps.db, connectionId, error.message, refused);
      if (outcome !== "superseded" || tries > 1) throw error;
    }
  }
}

/**
 * A valid access token, refreshed if it is about to expire (or was just refused). The refresh is
 * single-flight across every process and every connection on the same grant: it happens under
 * the grant's lock, and whoever gets the lock second finds the token already fresh and uses it.
 * The provider invalidates the old refresh token the moment it issues a new one, so the new pair
 * is committed, to every connection on the grant, before use. A refresh the provider refuses
 * breaks the grant under the same lock, so a new consent waiting for it finds the break and
 * mends it.
 */
async function currentAccess(
  deps: ConnectionAccessDeps,
  connectionId: string,
  seen: SeenToken,
  refusedToken?: string,
): Promise<AccessContext> {
  const { db, vault, provider } = deps;
  const usable = (row: Row) => {
    const token = vault.decrypt(row.access_token as string, accessTokenPurpose);
    seen.token = token;
    const fresh = (row.access_token_expires_at?.getTime() ?? 0) > Date.now() + refreshMarginMs;
    return fresh && token !== refusedToken ? access(row, token) : undefined;
  };

  const row = await load(db, connectionId, false);
  const ready = usable(row);
  if (ready) return ready;

  const key = grantKeyOf(row);
  const outcome = await db.transaction().execute(async (trx) => {
    await lockGrant(trx, key);
    const locked = await load(trx, connectionId, true);
    const already = usable(locked);
    if (already) return { access: already };
    try {
      const tokens = await provider.refresh(
        locked.kind,
        vault.decrypt(locked.refresh_token as string, refreshTokenPurpose),
      );
      await shareRefreshedTokensIn(trx, vault, key, tokens);
      seen.token = tokens.accessToken;
      tokenRefreshes.inc({ provider: provider.name, outcome: "refreshed" });
      return { access: access(locked, tokens.accessToken) };
    } catch (error) {
      tokenRefreshes.inc({
        provider: provider.name,
        outcome: error instanceof ProviderError ? error.kind : "error",
      });
      if (error instanceof ProviderError && error.kind === "connection_revoked") {
        await breakGrantIn(trx, key, error.message);
      }
      // Returned, not thrown: throwing would roll back what was just recorded.
      return { error };
    }
  });
  if ("error" in outcome) throw outcome.error;
  return outcome.access;
}

/**
 * The access token the connection last held as far as this call saw it: when the provider refuses
 * the grant, the connection breaks only if it still holds that token.
 */
interface SeenToken {
  token?: string;
}

type Row = Awaited<ReturnType<typeof load>>;

async function load(db: Kysely<Schema>, connectionId: string, lock: boolean) {
  let query = db
    .selectFrom("provider_connections")
    .select([
      "id",
      "provider",
      "kind",
      "external_key",
      "status",
      "status_reason",
      "external_account_id",
      "email",
      "access_token",
      "refresh_token",
      "access_token_expires_at",
    ])
    .where("id", "=", connectionId);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new ProviderError("connection_revoked", "This connection no longer exists.");
  if (row.status !== "connected" || !row.access_token || !row.refresh_token) {
    throw new ProviderError(
      "connection_revoked",
      row.status_reason ?? "This connection was removed; connect the account again.",
    );
  }
  return row;
}

function access(
  row: { kind: AccessContext["kind"]; external_account_id: string; email: string },
  token: string,
): AccessContext {
  return {
    accessToken: token,
    kind: row.kind,
    accountKey: row.external_account_id,
    userEmail: row.email,
  };
}
