import { DomainError } from "../domain-error.ts";

/**
 * The one place that answers "may this actor do this". Routes and pages ask it; they never test
 * roles themselves. What an actor can see at all is narrower still: the queries that load an
 * organization's data (src/orgs/load-org-access.ts) only find it for its members.
 */

export type OrgRole = "org_admin" | "member";

export interface Actor {
  userId: string;
  isOperator: boolean;
}

/** A member's standing in one organization: loaded only for members of it. */
export interface OrgAccess {
  actor: Actor;
  organization: { id: string; slug: string; name: string; integrationsEnabled: boolean };
  orgRole: OrgRole;
  /** program id → the member's role there: program_admin, or a member role label. */
  programRoles: Record<string, string>;
}

/**
 * Everything the operator of an instance may do, which is nothing inside an organization
 * beyond keeping its meetings flowing: the operations dashboard across every organization.
 */
export type OperatorAction =
  | "organizations.create"
  | "organizations.set_integrations"
  | "organizations.manage_admins"
  | "organizations.suspend"
  | "operations.view"
  | "operations.retry";

export type OrgAction =
  | "organization.view"
  | "manage.view"
  | "members.view"
  | "members.manage"
  | "programs.create"
  | "programs.manage"
  | "applications.view"
  | "applications.manage"
  | "integrations.view"
  | "integrations.manage"
  | "integrations.install"
  | "integrations.uninstall"
  | "integrations.enable_program"
  | "audit.view"
  | "operations.view"
  | "operations.retry";

export type ProgramAction =
  | "program.view"
  | "program.settings.manage"
  | "program.roles.manage"
  | "program.integration.toggle"
  | "program.meetings.create";

/** What can be done with one meeting made in a program (F9). */
export type MeetingAction = "meeting.view" | "meeting.change" | "meeting.start";

/** Whom a program meeting concerns: the policy needs nothing else of it. */
export interface MeetingParties {
  programId: string;
  organizerId: string | null;
  inviteeIds: string[];
  /**
   * Who hosts it at the provider, when a member does: the creator, or the invitee the program's
   * fallback rule chose. Only they get its start link.
   */
  hostId?: string | null;
}

export const orgActions: OrgAction[] = [
  "organization.view",
  "manage.view",
  "members.view",
  "members.manage",
  "programs.create",
  "programs.manage",
  "applications.view",
  "applications.manage",
  "integrations.view",
  "integrations.manage",
  "integrations.install",
  "integrations.uninstall",
  "integrations.enable_program",
  "audit.view",
  "operations.view",
  "operations.retry",
];
export const programActions: ProgramAction[] = [
  "program.view",
  "program.settings.manage",
  "program.roles.manage",
  "program.integration.toggle",
  "program.meetings.create",
];

export const programAdminRole = "program_admin";

export function canOperate(actor: Actor | undefined, _action: OperatorAction): boolean {
  return actor?.isOperator === true;
}

export function canInOrg(access: OrgAccess, action: OrgAction): boolean {
  if (action === "organization.view") return true;
  return access.orgRole === "org_admin";
}

export function canInProgram(access: OrgAccess, action: ProgramAction, programId: string): boolean {
  if (access.orgRole === "org_admin") return true;
  const role = access.programRoles[programId];
  if (role === undefined) return false;
  if (action === "program.view" || action === "program.meetings.create") return true;
  return role === programAdminRole;
}

/**
 * The organizer changes and cancels their meeting; its host at the provider (the organizer, or
 * whom the program's fallback rule chose) starts it; invitees see it; so do the program's
 * admins, who answer for what happens in it.
 */
export function canOnMeeting(
  access: OrgAccess,
  action: MeetingAction,
  meeting: MeetingParties,
): boolean {
  const userId = access.actor.userId;
  if (action === "meeting.start") {
    const hostId = meeting.hostId === undefined ? meeting.organizerId : meeting.hostId;
    return hostId === userId && canInProgram(access, "program.view", meeting.programId);
  }
  if (meeting.organizerId === userId)
    return canInProgram(access, "program.view", meeting.programId);
  if (action !== "meeting.view") return false;
  return (
    (meeting.inviteeIds.includes(userId) &&
      canInProgram(access, "program.view", meeting.programId)) ||
    canInProgram(access, "program.settings.manage", meeting.programId)
  );
}

/** Whether the member may administer any program (shows the way to its settings). */
export function administersAnyProgram(access: OrgAccess): boolean {
  return (
    access.orgRole === "org_admin" ||
    Object.values(access.programRoles).some((role) => role === programAdminRole)
  );
}

const refusal = "You do not have permission to do that here.";

export function authorizeOperator(actor: Actor | undefined, action: OperatorAction): void {
  if (!canOperate(actor, action)) {
    throw new DomainError("forbidden", "Only an operator of this confab instance can do that.");
  }
}

export function authorizeInOrg(access: OrgAccess, action: OrgAction): void {
  if (!canInOrg(access, action)) throw new DomainError("forbidden", refusal);
}

export function authorizeOnMeeting(
  access: OrgAccess,
  action: MeetingAction,
  meeting: MeetingParties,
): void {
  if (canOnMeeting(access, action, meeting)) return;
  // A meeting one may not even see does not exist, as far as one can tell.
  if (!canOnMeeting(access, "meeting.view", meeting)) {
    throw new DomainError("not_found", "There is no such meeting here.");
  }
  throw new DomainError(
    "forbidden",
    action === "meeting.start"
      ? "Only the meeting's host can start it from here: alternative hosts start it from the video service itself, signed in there as themselves."
      : "Only the person who made this meeting can change or cancel it.",
  );
}

export function authorizeInProgram(
  access: OrgAccess,
  action: ProgramAction,
  programId: string,
): void {
  if (!canInProgram(access, action, programId)) throw new DomainError("forbidden", refusal);
}
