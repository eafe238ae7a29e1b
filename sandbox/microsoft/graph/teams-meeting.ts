/**
 * The Teams meeting behind an online event or a createOrGet meeting: a chat thread, a join link
 * on the sandbox's own host (`{baseUrl}/teams/l/meetup-join/{thread}/0`, served by
 * `join-page-routes.ts`, the shape of Teams' `https://teams.microsoft.com/l/meetup-join/...`),
 * a dial-in conference id and a meeting id with passcode.
 *
 * Which mailboxes get one follows the calendar's `allowedOnlineMeetingProviders`
 * (learn.microsoft.com/graph/outlook-calendar-online-meetings: "Look for the
 * allowedOnlineMeetingProviders and defaultOnlineMeetingProvider properties to verify if an
 * Outlook calendar supports any online meeting providers"): a work account with a Teams licence
 * allows `teamsForBusiness`; a personal account allows only `skypeForConsumer`; an unlicensed
 * work account allows none.
 */
import type { DirectoryUser } from "./graph-caller.ts";
import type { TeamsMeeting } from "./graph-data.ts";
import { newDigits, newToken } from "./identifiers.ts";

export const TOLL_NUMBER = "+1 206-555-0100";

export function allowedOnlineMeetingProviders(user: DirectoryUser): string[] {
  if (user.accountType === "personal") return ["skypeForConsumer"];
  return user.teamsLicensed ? ["teamsForBusiness"] : [];
}

export function canHostTeams(user: DirectoryUser): boolean {
  return allowedOnlineMeetingProviders(user).includes("teamsForBusiness");
}

export function newTeamsMeeting(organizer: DirectoryUser, subject: string): TeamsMeeting {
  return {
    threadId: `19:meeting_${newToken(27)}@thread.v2`,
    conferenceId: newDigits(9),
    tollNumber: TOLL_NUMBER,
    passcode: newToken(6).replace(/[-_]/g, "x").slice(0, 6),
    joinMeetingId: newDigits(12),
    organizerId: organizer.id,
    subject,
  };
}

export function joinUrl(baseUrl: string, teams: TeamsMeeting, tenantId: string): string {
  const context = encodeURIComponent(JSON.stringify({ Tid: tenantId, Oid: teams.organizerId }));
  return `${baseUrl}/teams/l/meetup-join/${encodeURIComponent(teams.threadId)}/0?context=${context}`;
}
