import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import * as oauth from "oauth4webapi";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { ConnectionKind } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { linkIdHash, type SingleUseLink } from "./spent-links.ts";

const lifetimeMinutes = 10;
const verifierPurpose = "oauth_states.code_verifier";
const carriedPurpose = "oauth_states.carried";

export function hashOf(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** A fresh random value for the cookie that ties an OAuth round trip to one browser. */
export function newBrowserBinding(): string {
  return randomBytes(24).toString("base64url");
}

export interface NewState {
  provider: string;
  kind: ConnectionKind;
  /** Whose connection it will be: a user's id (personal) or an organization's (organization). */
  ownerRef: string;
  /** The browser that started it (the cookie's value); only it may finish. */
  binding: string;
  /** Where to send the person afterwards (a confab path). */
  returnTo: string;
  /** A reconnect: the connection whose provider account must come back, or nothing is saved. */
  reconnects?: string;
  /** The single-use link that started the round trip, spent only when it succeeds. */
  spendsLink?: SingleUseLink;
}

/**
 * OpenID Connect's nonce for a round trip, derived from its PKCE verifier: only confab knows the
 * verifier, so an ID token carrying this nonce was issued for this round trip, and nothing more
 * needs storing.
 */
export function nonceOf(codeVerifier: string): string {
  return hashOf(`nonce.${codeVerifier}`);
}

/**
 * Starts an OAuth round trip: a random state (stored hashed) and a PKCE verifier (stored
 * encrypted). The state is single-use, expires in ten minutes, and only the browser holding
 * the binding can complete it.
 */
export async function createOAuthState(db: Kysely<Schema>, vault: Vault, state: NewState) {
  const value = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  await db
    .insertInto("oauth_states")
    .values({
      state_hash: hashOf(value),
      provider: state.provider,
      kind: state.kind,
      owner_ref: state.ownerRef,
      binding: hashOf(state.binding),
      code_verifier: vault.encrypt(codeVerifier, verifierPurpose),
      return_to: state.returnTo,
      expires_at: new Date(Date.now() + lifetimeMinutes * 60_000),
      reconnects: state.reconnects ?? null,
      spends_link: state.spendsLink ? linkIdHash(state.spendsLink.id) : null,
      spends_link_until: state.spendsLink?.expiresAt ?? null,
    })
    .execute();
  return {
    state: value,
    codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    nonce: nonceOf(codeVerifier),
  };
}

type ConsumedState = Awaited<ReturnType<typeof consumeOAuthState>>;

/**
 * The second step of a two-step authorization: a new state (and verifier) for the same round
 * trip, its browser, owner, return path and link, holding what the first step found. Like any
 * state it is single-use and lasts ten minutes.
 */
export async function continueOAuthState(
  db: Kysely<Schema>,
  vault: Vault,
  consumed: ConsumedState,
  carried: Record<string, string>,
) {
  const value = oauth.generateRandomState();
  const codeVerifier = oauth.generateRandomCodeVerifier();
  await db
    .insertInto("oauth_states")
    .values({
      state_hash: hashOf(value),
      provider: consumed.provider,
      kind: consumed.kind,
      owner_ref: consumed.owner_ref,
      // Already hashed: the browser binding stays the one that started the round trip.
      binding: consumed.binding,
      code_verifier: vault.encrypt(codeVerifier, verifierPurpose),
      return_to: consumed.return_to,
      expires_at: new Date(Date.now() + lifetimeMinutes * 60_000),
      reconnects: consumed.reconnects,
      spends_link: consumed.spends_link,
      spends_link_until: consumed.spends_link_until,
      carried: vault.encrypt(JSON.stringify(carried), carriedPurpose),
    })
    .execute();
  return {
    state: value,
    codeChallenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
    nonce: nonceOf(codeVerifier),
  };
}

/**
 * Takes the state back, exactly once, and only for the browser that started it: a second use,
 * an expired one, or one finished from another browser is refused with what to do next.
 */
export async function consumeOAuthState(
  db: Kysely<Schema>,
  vault: Vault,
  state: string | undefined,
  binding: string | undefined,
) {
  if (!state)
    throw new DomainError(
      "invalid_input",
      "The reply from the provider has no state; start again.",
    );
  const stateHash = hashOf(state);
  const found = await db
    .selectFrom("oauth_states")
    .select("binding")
    .where("state_hash", "=", stateHash)
    .executeTakeFirst();
  if (!found) throw alreadyUsed();
  // The binding is checked before anything is spent: a callback from another browser (a forged
  // one, or a link passed on) must not use up the round trip of the browser that started it.
  if (!binding || !sameHash(hashOf(binding), found.binding)) {
    throw new DomainError(
      "forbidden",
      "This sign-in was started in another browser. Start connecting again from this one.",
    );
  }
  const row = await db
    .deleteFrom("oauth_states")
    .where("state_hash", "=", stateHash)
    .where("binding", "=", found.binding)
    .returningAll()
    .executeTakeFirst();
  // Gone since the look-up: the same browser's other callback spent it first.
  if (!row) throw alreadyUsed();
  if (row.expires_at.getTime() < Date.now()) {
    throw new DomainError(
      "invalid_input",
      `This sign-in took longer than ${lifetimeMinutes} minutes and has expired. Start connecting again.`,
    );
  }
  const codeVerifier = vault.decrypt(row.code_verifier, verifierPurpose);
  return {
    ...row,
    codeVerifier,
    nonce: nonceOf(codeVerifier),
    carried: row.carried
      ? (JSON.parse(vault.decrypt(row.carried, carriedPurpose)) as Record<string, string>)
      : undefined,
  };
}

function alreadyUsed() {
  return new DomainError(
    "invalid_input",
    "This sign-in has already been used or was never started here. Start connecting again.",
  );
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
