/**
 * Turns `Authorization: Bearer …` into the caller Graph acts for. Access tokens are opaque
 * random strings looked up in the sandbox's store: Microsoft tells clients not to read or
 * validate Graph tokens, so nothing may depend on their contents.
 */
import type { GraphCaller } from "../graph/graph-caller.ts";
import { GraphError } from "../graph/graph-error.ts";
import type { SandboxContext } from "../sandbox-context.ts";

type Headers = Record<string, string | string[] | undefined>;

export const invalidToken = (message: string) =>
  new GraphError(401, "InvalidAuthenticationToken", message);

export function authenticateGraphCaller(context: SandboxContext, headers: Headers): GraphCaller {
  const header = headers.authorization;
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? "");
  if (match?.[1] === undefined) throw invalidToken("Access token is empty.");
  const token = context.state.accessTokens.get(match[1]);
  if (token === undefined) {
    throw invalidToken("IDX14100: JWT is not well formed, there are no dots (.).");
  }
  if (token.expires_at <= context.clock.now()) {
    throw invalidToken("Lifetime validation failed, the token is expired.");
  }
  return {
    tenantId: token.tenant_id,
    clientId: token.client_id,
    userId: token.user_id ?? undefined,
    permissions: [...token.permissions],
  };
}
