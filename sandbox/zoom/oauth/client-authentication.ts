import { timingSafeEqual } from "node:crypto";
import type { App, SandboxState } from "../state.ts";
import { invalidClient, missingClient } from "./oauth-error.ts";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `/oauth/token` and `/oauth/revoke` take the client's credentials as HTTP Basic auth only. */
export function authenticateClient(state: SandboxState, authorization: string | undefined): App {
  if (authorization === undefined || authorization.trim() === "") throw missingClient();
  const match = /^Basic\s+(\S+)$/i.exec(authorization);
  if (match?.[1] === undefined) throw invalidClient();
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw invalidClient();
  const app = state.apps.get(decoded.slice(0, colon));
  if (app === undefined || !sameSecret(decoded.slice(colon + 1), app.client_secret)) {
    throw invalidClient();
  }
  return app;
}
