import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ConferencingProvider, ConnectionKind } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Vault } from "../vault/vault.ts";
import { consumeOAuthState, createOAuthState } from "./oauth-states.ts";
import { saveConnection } from "./save-connection.ts";

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
  request: { kind: ConnectionKind; ownerRef: string; binding: string; returnTo: string },
): Promise<URL> {
  const { state, codeChallenge } = await createOAuthState(deps.db, deps.vault, {
    provider: deps.provider.name,
    ...request,
  });
  return deps.provider.authorizationUrl(request.kind, {
    state,
    codeChallenge,
    redirectUri: deps.redirectUri,
  });
}

export type AuthorizationOutcome =
  | { result: "connected"; connectionId: string; renewed: boolean }
  | { result: "declined" }
  | { result: "refused"; message: string };

/**
 * Finishes the round trip the provider redirected back from: the state is checked and spent,
 * then the grant is stored, or the reason it was not is returned, along with where the person
 * was going and whose connection it was to be. A refusal stores nothing.
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
  if (parameters.get("error") === "access_denied") return { result: "declined", ...context };
  try {
    const grant = await deps.provider.completeAuthorization(state.kind, {
      parameters,
      expectedState: parameters.get("state") as string,
      codeVerifier: state.codeVerifier,
      redirectUri: deps.redirectUri,
    });
    const saved = await saveConnection(deps.db, deps.vault, {
      provider: deps.provider.name,
      kind: state.kind,
      ownerRef: state.owner_ref,
      grant,
    });
    return { result: "connected", connectionId: saved.id, renewed: saved.renewed, ...context };
  } catch (error) {
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
