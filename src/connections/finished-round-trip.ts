import type { FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import type { ConnectionKind } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { hashOf } from "./oauth-states.ts";

const purpose = "oauth.finished_round_trip";
/** Long enough for a reload or a press of Back; the state itself is long gone by then. */
const lifetimeSeconds = 60 * 60;

/** An OAuth round trip this browser finished with a connection. */
export interface FinishedRoundTrip {
  /** Hash of the state it spent: only a callback with that state is its replay. */
  stateHash: string;
  connectionId: string;
  kind: ConnectionKind;
  ownerRef: string;
  returnTo: string;
}

/**
 * The browser that connected something keeps a sealed note of it, so that the same callback
 * opened again (a reload, Back) is told the connection was made rather than that it failed: its
 * state is spent, and the provider's code in it is spent too. Sealed with the instance's key, a
 * note cannot be made up or changed, and it names only what this browser itself just did.
 */
export function rememberFinishedRoundTrip(
  reply: FastifyReply,
  config: Config,
  vault: Vault,
  trip: Omit<FinishedRoundTrip, "stateHash"> & { state: string },
): void {
  const { state, ...rest } = trip;
  const note: FinishedRoundTrip & { exp: number } = {
    ...rest,
    stateHash: hashOf(state),
    exp: Date.now() + lifetimeSeconds * 1000,
  };
  reply.setCookie(cookieName(config), vault.encrypt(JSON.stringify(note), purpose), {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(config),
    maxAge: lifetimeSeconds,
  });
}

/** The round trip this browser finished with the callback's state, when it is a replay. */
export function finishedRoundTripOf(
  request: FastifyRequest,
  config: Config,
  vault: Vault,
  state: string | undefined,
): FinishedRoundTrip | undefined {
  const sealed = request.cookies[cookieName(config)];
  if (!sealed || !state) return undefined;
  let note: Partial<FinishedRoundTrip> & { exp?: unknown };
  try {
    note = JSON.parse(vault.decrypt(sealed, purpose));
  } catch {
    return undefined;
  }
  if (typeof note.exp !== "number" || note.exp < Date.now()) return undefined;
  if (note.stateHash !== hashOf(state)) return undefined;
  if (
    typeof note.connectionId !== "string" ||
    (note.kind !== "personal" && note.kind !== "organization") ||
    typeof note.ownerRef !== "string" ||
    typeof note.returnTo !== "string"
  ) {
    return undefined;
  }
  return {
    stateHash: note.stateHash,
    connectionId: note.connectionId,
    kind: note.kind,
    ownerRef: note.ownerRef,
    returnTo: note.returnTo,
  };
}

/** Like the binding cookie: __Host- behind TLS, so no sibling site can plant one. */
function cookieName(config: Config): string {
  return isHttps(config) ? "__Host-confab_oauth_done" : "confab_oauth_done";
}

function isHttps(config: Config): boolean {
  return config.publicUrl.startsWith("https:");
}
