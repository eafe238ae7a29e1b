import type { MeetingRole } from "../../program-meetings/program-meeting.ts";

/** A program role as pages name it: "Program admin", or its label capitalised ("Mentor"). */
export function roleLabel(role: string): string {
  return role === "program_admin" ? "Program admin" : role[0]?.toUpperCase() + role.slice(1);
}

/** An organization role as pages name it. */
export const orgRoleLabel: Record<"org_admin" | "member", string> = {
  org_admin: "Organization admin",
  member: "Member",
};

/**
 * Free text that names roles by their keys (an audit entry's "ada@acme.example (org_admin)"),
 * with the keys in words instead, mid-sentence. An email address that contains a key is left be.
 */
export function roleKeysInWords(text: string): string {
  return text.replace(/(?<![\w@.+-])(org_admin|program_admin)(?![\w@.+-])/g, (key) =>
    (key === "org_admin" ? orgRoleLabel.org_admin : roleLabel(key)).toLowerCase(),
  );
}

/** What someone is on a meeting, as its pages name it. */
export const meetingRoleLabel: Record<MeetingRole, string> = {
  host: "Host",
  alternative_host: "Alternative host",
  participant: "Participant",
  invitee: "Invited",
};
