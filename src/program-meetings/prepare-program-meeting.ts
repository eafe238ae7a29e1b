import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import { DomainError } from "../domain-error.ts";
import type { MeetingMode } from "../orgs/meeting-modes.ts";
import { refuseNewMeetingsWhenArchived } from "../orgs/program-archive.ts";
import { listProgramMembers, type Program } from "../orgs/programs.ts";
import { guestsNotAllowed, guestsSwitch } from "./guests-allowed.ts";
import { type HostingPlan, type Person, planHosting } from "./hosting-plan.ts";
import { keptHosting, modesForMeeting } from "./kept-provider-mode.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { type MeetingDraft, type MeetingDraftFields, readMeetingDraft } from "./meeting-draft.ts";
import type { Guest } from "./meeting-guests.ts";
import {
  type OwnProfileChoice,
  ownProfileHosting,
  ownProfileRefusal,
} from "./own-profile-hosting.ts";
import type { ProgramMeeting } from "./program-meeting.ts";
import { readProgramSwitch } from "./program-switch.ts";

/** A meeting checked against its program and ready to save, with who hosts it at the provider. */
export interface PreparedMeeting {
  draft: MeetingDraft;
  mode: MeetingMode;
  creator: Person;
  invitees: Person[];
  /** Guests from outside the program: mailed the invitation, always participants, never hosts. */
  guests: Guest[];
  /** For a provider's mode: who hosts, co-hosts and joins, as the page shows before saving. */
  hosting: Extract<HostingPlan, { ok: true }> | undefined;
  /** Set when the meeting is hosted in its creator's own account, not the organization's. */
  ownProfile?: OwnProfileChoice;
}

/**
 * Checks a meeting as typed against its program: invitees must have a role in it, the mode must
 * be one the program offers now, and for a provider's mode someone must be able to host in the
 * organization's account: the creator, or whom the program's fallback rule names (else the mode
 * field says why, and the other modes stay offered). A change may keep its provider's mode when
 * the program no longer offers it (kept-provider-mode.ts). Where the program allows it, the
 * creator's own connected profile hosts instead, alone (own-profile-hosting.ts), while the
 * operator has integrations enabled for the organization (integrations-switch.ts).
 */
export async function prepareProgramMeeting(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  creator: Person,
  fields: MeetingDraftFields,
  /** A change: the meeting as saved (one that has started keeps its times). */
  existing?: ProgramMeeting,
): Promise<PreparedMeeting> {
  authorizeInProgram(access, "program.meetings.create", program.id);
  if (!existing) refuseNewMeetingsWhenArchived(program);
  let draft: MeetingDraft | undefined;
  let problems: Record<string, string> = {};
  try {
    draft = readMeetingDraft(fields, new Date(), existing);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    problems = { ...error.fields };
  }
  const members = await listProgramMembers(deps.db, access, program);
  const byId = new Map(members.map((m) => [m.userId, m]));
  const chosen = fields.invitees.filter((id) => id !== creator.userId);
  if (!problems.invitees && chosen.some((id) => !byId.has(id))) {
    problems.invitees = "Invite people who have a role in this program.";
  }
  if (!problems.invitees && chosen.length === 0) {
    problems.invitees = "Invite at least one other person.";
  }
  const guestProblem = await checkGuests(deps, program, draft?.guests, members, creator);
  if (!problems.guests && guestProblem) problems.guests = guestProblem;
  const { modes, kept, own } = await modesForMeeting(deps, access, program, existing);
  const mode = modes.find((m) => m.key === fields.mode);
  if (!problems.mode && !mode) {
    problems.mode = "This meeting mode is not offered in the program: choose one from the list.";
  }
  if (Object.keys(problems).length > 0 || !draft || !mode) {
    throw new DomainError("invalid_input", "The meeting was not saved.", problems);
  }
  const invitees = draft.inviteeIds
    .filter((id) => id !== creator.userId)
    .map((id) => byId.get(id))
    .filter((m) => m !== undefined)
    .map((m) => ({ userId: m.userId, email: m.email, name: m.name }));
  let hosting: PreparedMeeting["hosting"];
  const ownProfile = own.find((c) => c.mode.key === mode.key);
  if (ownProfile) {
    const refusal = ownProfileRefusal(ownProfile);
    if (refusal) {
      throw new DomainError("invalid_input", "The meeting was not saved.", { mode: refusal });
    }
    hosting = ownProfileHosting(ownProfile, [creator, ...invitees]);
  } else if (existing && kept && !kept.reachable && mode.key === kept.mode.key) {
    hosting = keptHosting(existing, kept, [creator, ...invitees]);
    if (!hosting) {
      throw new DomainError("invalid_input", "The meeting was not saved.", { mode: kept.why });
    }
  } else if (mode.kind === "provider") {
    const plan = await planHosting(deps, {
      organizationId: access.organization.id,
      programId: program.id,
      provider: mode.key,
      creator,
      invitees,
    });
    if (!plan.ok) {
      throw new DomainError("invalid_input", "The meeting was not saved.", { mode: plan.problem });
    }
    hosting = plan;
  }
  // Guests the fields did not name (a change made without them) stay as the meeting has them.
  const guests = draft.guests ?? existing?.guests ?? [];
  return { draft, mode, creator, invitees, guests, hosting, ...(ownProfile ? { ownProfile } : {}) };
}

/**
 * Why the guests typed cannot be on the meeting, if they cannot: the program must allow guests,
 * and a guest is someone outside it (a member is invited as a member, and may host).
 */
async function checkGuests(
  deps: MeetingDeps,
  program: Program,
  guests: Guest[] | undefined,
  members: { email: string }[],
  creator: Person,
): Promise<string | undefined> {
  if (!guests || guests.length === 0) return undefined;
  if (!(await readProgramSwitch(deps.db, program.id, guestsSwitch))) {
    return guestsNotAllowed(program.name);
  }
  const you = guests.find((g) => g.email === creator.email.toLowerCase());
  if (you) return `${you.email} is you: you are on the meeting already.`;
  const memberEmails = new Set(members.map((m) => m.email.toLowerCase()));
  const inProgram = guests.filter((g) => memberEmails.has(g.email)).map((g) => g.email);
  if (inProgram.length === 0) return undefined;
  const named =
    inProgram.length === 1
      ? inProgram[0]
      : `${inProgram.slice(0, -1).join(", ")} and ${inProgram.at(-1)}`;
  return `${named} ${inProgram.length === 1 ? "is" : "are"} in the program: choose them under Invitees.`;
}
