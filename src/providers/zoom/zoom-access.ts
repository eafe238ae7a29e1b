import type { AccessDescription, ConnectionKind } from "../provider.ts";

/**
 * The narrowest granular scopes that do the job (F12): meetings, and reading a user. No
 * recording, chat, report or webinar scope, ever. Admin-managed apps use the `:admin` forms.
 */
export function zoomScopes(kind: ConnectionKind): string[] {
  const suffix = kind === "organization" ? ":admin" : "";
  return [
    "meeting:write:meeting",
    "meeting:read:meeting",
    "meeting:update:meeting",
    "meeting:delete:meeting",
    "meeting:read:list_meetings",
    "user:read:user",
  ].map((scope) => `${scope}${suffix}`);
}

export function describeZoomAccess(kind: ConnectionKind): AccessDescription {
  const whose = kind === "organization" ? "members of your Zoom account" : "you";
  return {
    canDo: [
      `Create Zoom meetings for events, hosted by ${whose}`,
      "Update and delete the meetings confab created, when their events change or are cancelled",
    ],
    canSee: [
      kind === "organization"
        ? "Each host's Zoom user id, email, name, user type and role"
        : "Your Zoom user id, email, name, user type and role",
      "The meetings confab created (to keep them in step and never make one twice)",
    ],
    never: [
      "Meetings confab did not create are never changed",
      "No recordings, chats, contacts or reports, ever",
    ],
    scopes: zoomScopes(kind),
  };
}
