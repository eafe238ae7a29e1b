/** Turns `Authorization: Bearer …` into the app, grant and user behind it (zoom.md item 7). */
import type { FastifyRequest } from "fastify";
import { noteCaller } from "../call-log.ts";
import type { Category } from "../rate-limits.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { allowsOperation, type Operation, scopesNamedInRefusal } from "../scopes.ts";
import type { Account, App, Grant, User } from "../state.ts";
import { expiredAccessToken, invalidAccessToken, missingScopes } from "./zoom-error.ts";

export interface ApiCaller {
  app: App;
  grant: Grant;
  user: User;
  account: Account;
}

export function authenticateCaller(
  context: SandboxContext,
  request: FastifyRequest,
  category: Category,
): ApiCaller {
  const { state } = context;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
  const token = match?.[1] === undefined ? undefined : state.accessTokens.get(match[1]);
  const grant = token && state.grants.get(token.grant_id);
  const app = grant && state.apps.get(grant.client_id);
  const user = grant && state.users.get(grant.user_id);
  const account = user && state.accounts.get(user.account_id);
  if (!token || !grant || !app || !user || !account || grant.revoked) throw invalidAccessToken();
  noteCaller(request, { user_email: user.email, client_id: app.client_id });
  if (token.expires_at <= context.clock.now()) throw expiredAccessToken();
  // Every app on an account shares the account's per-second budget (zoom.md item 19).
  context.limits.takeAccountRequest(account.id, account.plan, category);
  return { app, grant, user, account };
}

export function requireScope(caller: ApiCaller, operation: Operation, onSelf: boolean): void {
  if (!allowsOperation(caller.grant.scopes, operation, onSelf)) {
    throw missingScopes(scopesNamedInRefusal(caller.grant.scopes, operation, onSelf));
  }
}
