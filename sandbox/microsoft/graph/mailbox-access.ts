/**
 * Which mailbox a request acts on, and whether the caller may. `/me` is the signed-in user
 * and needs a delegated token; `/users/{id|upn}` names a user of the caller's tenant. Calendar
 * permissions follow the Create event and Get event references
 * (learn.microsoft.com/graph/api/user-post-events: Calendars.ReadWrite delegated and
 * application); a delegated caller naming someone else's calendar is refused as Exchange does
 * without a delegation, with ErrorAccessDenied.
 */
import type { DirectoryUser, GraphCaller, GraphRouteDeps } from "./graph-caller.ts";
import { accessDenied, badRequest, GraphError, invalidUser } from "./graph-error.ts";

export type Access = "read" | "write";

export function isAppOnly(caller: GraphCaller): boolean {
  return caller.userId === undefined;
}

/** The user a `me` or `{id|upn}` path segment names, for this caller. */
export function pathUser(
  deps: GraphRouteDeps,
  caller: GraphCaller,
  segment: string,
): DirectoryUser {
  if (segment === "me") {
    if (caller.userId === undefined) {
      throw badRequest("/me request is only valid with delegated authentication flow.");
    }
    const user = deps.directory.findUser(caller.tenantId, caller.userId);
    if (user === undefined) throw invalidUser(caller.userId);
    return user;
  }
  const user = deps.directory.findUser(caller.tenantId, segment);
  if (user === undefined) throw invalidUser(segment);
  return user;
}

function holds(caller: GraphCaller, names: string[]): boolean {
  return names.some((name) => caller.permissions.includes(name));
}

const CALENDAR_PERMISSIONS: Record<Access, string[]> = {
  read: ["Calendars.Read", "Calendars.ReadWrite"],
  write: ["Calendars.ReadWrite"],
};

/** The mailbox of `segment`, when the caller may read or write its calendar. */
export function calendarMailbox(
  deps: GraphRouteDeps,
  caller: GraphCaller,
  segment: string,
  access: Access,
): DirectoryUser {
  const user = pathUser(deps, caller, segment);
  if (!holds(caller, CALENDAR_PERMISSIONS[access])) throw accessDenied();
  if (!isAppOnly(caller) && user.id !== caller.userId) throw accessDenied();
  if (!user.hasMailbox) {
    throw new GraphError(
      404,
      "MailboxNotEnabledForRESTAPI",
      "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    );
  }
  return user;
}
