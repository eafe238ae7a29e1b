import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import {
  type ConferencingProvider,
  type ConnectionKind,
  ForeignAnswerError,
  type GrantedConnection,
  isContinuation,
} from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Vault } from "../vault/vault.ts";
import {
  consumeOAuthState,
  continueOAuthState,
  createOAuthState,
  type NewState,
} from "./oauth-states.ts";
import { grantClock, lockGrant } from "./provider-grant.ts";
import { wrongAccountForReconnect } from "./reconnect-account.ts";
import { passGrantToOthersIn, saveConnectionIn } from "./save-connection.ts";
import { spendLink } from "./spent-links.ts";

export interface AuthorizeDeps {
  db: Kysely<Schema>;
  vault: Vault;
  provider: ConferencingProvider;
  /** The one redirect URI registered with the provider, for every kind. */
  redirectUri: string;
}

/** Where to send the browser to ask the provider for consent. */
export async function startAuthorization(
  deps: AuthorizeDeps,
  request: Omit<NewState, "provider">,
): Promise<URL> {
  const { state, codeChallenge, nonce } = await createOAuthState(deps.db, deps.vault, {
    provider: deps.provider.name,
    ...request,
  });
  return deps.provider.authorizationUrl(request.kind, {
    state,
    codeChallenge,
    redirectUri: deps.redirectUri,
    nonce,
  });
}

export type AuthorizationOutcome =
  | { result: "connected"; connectionId: string; renewed: boolean }
  | { result: "declined" }
  | { result: "refused"; message: string }
  /** A two-step authorization's first step is done: the browser goes on to `url`. */
  | { result: "continue"; url: URL };

/**
 * Finishes the round trip the provider redirected back from: the state is checked and spent,
 * then the grant is stored, or the reason it was not is returned, along with where the person
 * was going and whose connection it was to be. A refusal stores nothing. A reconnect must come
 * back with the account of the connection it repairs.
 */
export async function completeAuthorization(
  deps: AuthorizeDeps,
  parameters: URLSearchParams,
  binding: string | undefined,
): Promise<AuthorizationOutcome & { returnTo: string; kind: ConnectionKind; ownerRef: string }> {
  const state = await consumeOAuthState(
    deps.db,
    deps.vault,
    parameters.get("state") ?? undefined,
    binding,
  );
  const context = { returnTo: state.return_to, kind: state.kind, ownerRef: state.owner_ref };
  if (parameters.get("error") === "access_denied") {
    // Some providers say why (only a tenant's admin may approve): that is told, not a decline.
    const refusal = deps.provider.explainRefusal?.(state.kind, parameters);
    if (refusal) return { result: "refused", message: refusal, ...context };
    return { result: "declined", ...context };
  }
  try {
    // Taken before the code is exchanged: from that moment the provider holds only the new grant.
    const exchangedSince = await grantClock(deps.db);
    const grant = await deps.provider.completeAuthorization(state.kind, {
      parameters,
      expectedState: parameters.get("state") as string,
      codeVerifier: state.codeVerifier,
      redirectUri: deps.redirectUri,
      nonce: state.nonce,
      ...(state.carried ? { carried: state.carried } : {}),
    });
    if (isContinuation(grant)) {
      // Nothing is granted yet: the round trip goes on under a new state, same browser.
      const next = await continueOAuthState(deps.db, deps.vault, state, grant.carry);
      return {
        result: "continue",
        url: grant.next({ ...next, redirectUri: deps.redirectUri }),
        ...context,
      };
    }
    const refusal = await refusalOf(deps, state, grant);
    if (refusal) {
      await handBack(deps, state.kind, grant, exchangedSince);
      return { result: "refused", message: refusal, ...context };
    }
    const saved = await saveSpendingLink(deps, state, grant, exchangedSince);
    if (!saved) {
      await handBack(deps, state.kind, grant, exchangedSince);
      return { result: "refused", message: linkUsedMessage, ...context };
    }
    return { result: "connected", connectionId: saved.id, renewed: saved.renewed, ...context };
  } catch (error) {
    // An edited redirect is the browser's fault, not the provider's refusal: a 400, said plainly.
    if (error instanceof ForeignAnswerError) throw new DomainError("invalid_input", error.message);
    if (
      error instanceof ProviderError &&
      error.kind !== "unavailable" &&
      error.kind !== "ambiguous"
    ) {
      return { result: "refused", message: error.message, ...context };
    }
    if (error instanceof ProviderError) {
      return {
        result: "refused",
        message: `${deps.provider.displayName} could not be reached to finish connecting; try again in a moment.`,
        ...context,
      };
    }
    throw error;
  }
}

type ConsumedState = Awaited<ReturnType<typeof consumeOAuthState>>;

const linkUsedMessage =
  "This link has already been used, so nothing more was changed. Ask for a new link if you need one.";

/**
 * Why a grant the provider issued is not to be saved: the link that started the round trip
 * expired while the person was at the provider, or a reconnect came back with another account.
 */
async function refusalOf(
  deps: AuthorizeDeps,
  state: ConsumedState,
  grant: GrantedConnection,
): Promise<string | undefined> {
  if (state.spends_link_until && state.spends_link_until.getTime() <= Date.now()) {
    return "This link expired while you were signing in, so nothing was connected. Ask for a new link.";
  }
  if (!state.reconnects) return undefined;
  return wrongAccountForReconnect(
    deps.db,
    deps.provider,
    { connectionId: state.reconnects, kind: state.kind, ownerRef: state.owner_ref },
    grant,
  );
}

/**
 * Saves the grant and, in the same transaction, spends the single-use link that started the
 * round trip (if one did). Undefined, saving nothing, when that link had been spent already.
 */
function saveSpendingLink(
  deps: AuthorizeDeps,
  state: ConsumedState,
  grant: GrantedConnection,
  exchangedSince: Date,
) {
  return deps.db.transaction().execute(async (trx) => {
    if (state.spends_link && state.spends_link_until) {
      if (!(await spendLink(trx, state.spends_link, state.spends_link_until))) return undefined;
    }
    return saveConnectionIn(trx, deps.vault, {
      provider: deps.provider.name,
      kind: state.kind,
      ownerRef: state.owner_ref,
      grant,
      exchangedSince,
    });
  });
}

/**
 * Nothing is kept of a refused connection, at the provider's end either, unless other
 * connections stand on the same provider user: issuing this grant ended the one they held, so
 * handing it back would break them. They take it instead, and the refused one is still not saved.
 */
async function handBack(
  deps: AuthorizeDeps,
  kind: ConnectionKind,
  grant: GrantedConnection,
  exchangedSince: Date,
) {
  const key = { provider: deps.provider.name, kind, external_key: grant.externalKey };
  const taken = await deps.db.transaction().execute(async (trx) => {
    await lockGrant(trx, key);
    return passGrantToOthersIn(trx, deps.vault, key, grant, { brokenSince: exchangedSince });
  });
  if (taken === 0) await deps.provider.revoke(kind, grant.accessToken).catch(() => undefined);
}
