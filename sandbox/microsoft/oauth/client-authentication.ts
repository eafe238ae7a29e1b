/**
 * Confidential clients authenticate at the token endpoint with their secret, in the form body
 * (`client_id` + `client_secret`) or as HTTP Basic; both are accepted, as Microsoft accepts both.
 */
import { timingSafeEqual } from "node:crypto";
import type { App, SandboxState } from "../state.ts";
import {
  invalidClientSecret,
  missingClientSecret,
  missingParameter,
  unknownClient,
} from "./identity-error.ts";

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(authorization: string | undefined) {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    secret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

export function authenticateClient(
  state: SandboxState,
  params: Record<string, string>,
  authorization: string | undefined,
  tenantName: string,
): App {
  const basic = basicCredentials(authorization);
  const clientId = basic?.clientId ?? params.client_id;
  if (clientId === undefined || clientId === "") throw missingParameter("client_id");
  const app = state.apps.get(clientId);
  if (app === undefined) throw unknownClient(clientId, tenantName);
  const secret = basic?.secret ?? params.client_secret;
  if (secret === undefined || secret === "") throw missingClientSecret();
  if (!sameSecret(secret, app.client_secret)) throw invalidClientSecret(app.client_id);
  return app;
}
