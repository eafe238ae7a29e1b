import type { AccessDescription, ConnectionKind } from "../provider.ts";

/**
 * The delegated scopes a person consents to for their own Teams: signing in (openid, profile,
 * email), staying connected (offline_access), reading who they are and their licences
 * (User.Read), and their own calendar, where a Teams meeting lives as an Outlook event
 * (Calendars.ReadWrite). No mail, chat, file, recording or directory scope, ever.
 */
export const personalScopes = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "User.Read",
  "Calendars.ReadWrite",
];

/** The app-only form an organization install will ask its admin for (admin consent). */
export const organizationScopes = ["https://graph.microsoft.com/.default"];

export function microsoftScopes(kind: ConnectionKind): string[] {
  return kind === "organization" ? organizationScopes : personalScopes;
}

export function describeMicrosoftAccess(kind: ConnectionKind): AccessDescription {
  const whose = kind === "organization" ? "members of your organization" : "you";
  return {
    canDo: [
      `Create Microsoft Teams meetings for events, as events in the Outlook calendar of ${whose} (Calendars.ReadWrite)`,
      "Update and delete the events confab created, when their events change or are cancelled",
      "Stay connected without asking you to sign in again (offline_access)",
    ],
    canSee: [
      kind === "organization"
        ? "Each host's Microsoft user id, email, name and whether their licences include Teams and a mailbox"
        : "Your Microsoft user id, email, name and organization, and whether your licences include Teams and a mailbox (openid, profile, email, User.Read)",
      "The calendar events confab created (to keep them in step and never make one twice)",
    ],
    never: [
      "Calendar events confab did not create are never read for their content or changed",
      "No mail, chats, files, contacts, recordings or transcripts, ever",
      "confab never invites attendees through Outlook: it sends its own invitations",
    ],
    scopes: microsoftScopes(kind),
  };
}
