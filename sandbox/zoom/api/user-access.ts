/**
 * Which user a `{userId}` path segment names, as a token may see it: `me`, an
 * id or an email, only inside the token's own account; acting for anyone but
 * the token's own user needs an `:admin` scope.
 */
import type { Operation } from "../scopes.ts";
import { findUserByIdOrEmail, type SandboxState, type User } from "../state.ts";
import { type ApiCaller, requireScope } from "./authenticate-caller.ts";
import { userDoesNotExist } from "./zoom-error.ts";

export function userForCaller(
  state: SandboxState,
  caller: ApiCaller,
  userId: string,
  operation: Operation,
): User {
  // A token that cannot do this even for itself is refused before any lookup.
  requireScope(caller, operation, true);
  const user = userId === "me" ? caller.user : findUserByIdOrEmail(state, userId);
  // Users of other accounts are invisible, exactly as if they did not exist.
  if (user === undefined || user.account_id !== caller.user.account_id) {
    throw userDoesNotExist(userId);
  }
  requireScope(caller, operation, user.id === caller.user.id);
  return user;
}
