import type { MeetingRole } from "../../program-meetings/program-meeting.ts";

/** A program role as pages name it: "Program admin", or its label capitalised ("Mentor"). */
export function roleLabel(role: string): string {
  return role === "program_admin" ? "Program admin" : role[0]?.toUpperCase() + role.slice(1);
}

/** What someone is on a meeting, as its pages name it. */
export const meetingRoleLabel: Record<MeetingRole, string> = {
  host: "Host",
  alternative_host: "Alternative host",
  participant: "Participant",
  invitee: "Invited",
};
