/**
 * Which scopes let a token do what (zoom.md items 8–9). A scope without
 * `:admin` lets a token act for its own user only; the `:admin` form lets it
 * act for any user of its account. Classic write scopes also allow reading,
 * as Zoom's classic "View and manage" scopes did.
 */

export type Operation =
  | "read_user"
  | "create_meeting"
  | "read_meeting"
  | "update_meeting"
  | "delete_meeting"
  | "list_meetings";

interface ScopeRule {
  granular: string;
  classic: string[];
}

const RULES: Record<Operation, ScopeRule> = {
  read_user: { granular: "user:read:user", classic: ["user:read", "user:write"] },
  create_meeting: { granular: "meeting:write:meeting", classic: ["meeting:write"] },
  read_meeting: { granular: "meeting:read:meeting", classic: ["meeting:read", "meeting:write"] },
  update_meeting: { granular: "meeting:update:meeting", classic: ["meeting:write"] },
  delete_meeting: { granular: "meeting:delete:meeting", classic: ["meeting:write"] },
  list_meetings: {
    granular: "meeting:read:list_meetings",
    classic: ["meeting:read", "meeting:write"],
  },
};

export const ADMIN_SUFFIX = ":admin";

export function isAdminScope(scope: string): boolean {
  return scope.endsWith(ADMIN_SUFFIX);
}

export function allowsOperation(granted: string[], operation: Operation, onSelf: boolean): boolean {
  const rule = RULES[operation];
  return [rule.granular, ...rule.classic].some(
    (scope) => granted.includes(`${scope}${ADMIN_SUFFIX}`) || (onSelf && granted.includes(scope)),
  );
}

/** The scopes Zoom names in its 4711 refusal: granular ones for granular apps. */
export function scopesNamedInRefusal(
  granted: string[],
  operation: Operation,
  onSelf: boolean,
): string[] {
  const rule = RULES[operation];
  const usesGranularScopes = granted.some(
    (scope) => scope.replace(/:admin$/, "").split(":").length >= 3,
  );
  const base = usesGranularScopes || granted.length === 0 ? rule.granular : (rule.classic[0] ?? "");
  return onSelf ? [base, `${base}${ADMIN_SUFFIX}`] : [`${base}${ADMIN_SUFFIX}`];
}

/** What each scope lets the app do: for the signed-in user only, and for everyone (`:admin`). */
const WORDS: Record<string, [own: string, everyone: string]> = {
  "meeting:write:meeting": [
    "Create your meetings",
    "Create meetings for every user in your account",
  ],
  "meeting:read:meeting": ["View your meetings", "View the meetings of every user in your account"],
  "meeting:update:meeting": [
    "Update your meetings",
    "Update the meetings of every user in your account",
  ],
  "meeting:delete:meeting": [
    "Delete your meetings",
    "Delete the meetings of every user in your account",
  ],
  "meeting:read:list_meetings": [
    "List your meetings",
    "List the meetings of every user in your account",
  ],
  "user:read:user": [
    "View your user information",
    "View the information of every user in your account",
  ],
  "meeting:write": [
    "View and manage your meetings",
    "View and manage all meetings in your account",
  ],
  "meeting:read": ["View your meetings", "View all meetings in your account"],
  "user:read": ["View your user information", "View all user information in your account"],
  "user:write": [
    "View and manage your user information",
    "View and manage all users in your account",
  ],
};

/** How the consent page describes a scope to the person authorizing. */
export function describeScope(scope: string): string {
  const admin = isAdminScope(scope);
  const words = WORDS[admin ? scope.slice(0, -ADMIN_SUFFIX.length) : scope];
  if (words === undefined) return scope;
  return admin ? words[1] : words[0];
}
