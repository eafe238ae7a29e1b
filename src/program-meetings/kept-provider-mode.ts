import type { OrgAccess } from "../authorization/policy.ts";
import { listOfferedMeetingModes } from "../integrations/offered-meeting-modes.ts";
import { providerModeAvailability } from "../integrations/provider-mode-availability.ts";
import { listMeetingModes, type MeetingMode } from "../orgs/meeting-modes.ts";
import type { Program } from "../orgs/programs.ts";
import type { HostingOutlook } from "./hosting-outlook.ts";
import type { HostingPlan } from "./hosting-plan.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import {
  type OwnProfileChoice,
  ownProfileChoices,
  ownProfileProvider,
} from "./own-profile-hosting.ts";
import type { ProgramMeeting } from "./program-meeting.ts";

/**
 * A provider's mode the program no longer offers, kept for a meeting that already has its
 * provider meeting: editing such a meeting must not make the person choose another mode and so
 * lose the meeting's link. `reachable` says whether the provider can be told of the change now
 * (only new meetings are kept from the mode) or only once the organization's install is back.
 */
export interface KeptProviderMode {
  mode: MeetingMode;
  reachable: boolean;
  /** Why the mode is not offered, and what happens to a change, in a sentence for the form. */
  why: string;
}

type MeetingOnProvider = Pick<
  ProgramMeeting,
  "modeKey" | "modeLabel" | "organizer" | "people" | "hostAccount" | "conferencing"
>;

/**
 * The modes a meeting may be saved with: those offered, hosting with the creator's own profile
 * where the program allows it (own-profile-hosting.ts), and its own provider's mode if kept.
 */
export async function modesForMeeting(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  meeting: MeetingOnProvider | undefined,
): Promise<{
  modes: MeetingMode[];
  kept: KeptProviderMode | undefined;
  own: OwnProfileChoice[];
}> {
  const own = await ownProfileChoices(deps, access, program, meeting);
  const modes = [
    ...(await listOfferedMeetingModes(deps.db, access, program)),
    ...own.map((c) => c.mode),
  ];
  const kept = meeting ? await keptProviderMode(deps, access, program, meeting, modes) : undefined;
  return { modes: kept ? [...modes, kept.mode] : modes, kept, own };
}

async function keptProviderMode(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  meeting: MeetingOnProvider,
  offered: MeetingMode[],
): Promise<KeptProviderMode | undefined> {
  if (meeting.conferencing.meetingId === null || meeting.conferencing.provider === null) return;
  if (offered.some((m) => m.key === meeting.modeKey)) return;
  // A meeting in its creator's own account is kept by its own mode, not the organization's.
  if (ownProfileProvider(meeting.modeKey)) return;
  const all = await listMeetingModes(deps.db, access, program);
  const mode = all.find((m) => m.key === meeting.modeKey && m.kind === "provider") ?? {
    key: meeting.modeKey,
    label: meeting.modeLabel,
    kind: "provider" as const,
    enabled: false,
  };
  const name = deps.providers.get(mode.key)?.displayName ?? mode.label;
  const availability = await providerModeAvailability(deps.db, {
    organizationId: access.organization.id,
    programId: program.id,
    provider: mode.key,
  });
  const reachable = availability !== "not_installed" && availability !== "broken";
  const notOffered =
    availability === "not_installed"
      ? `${name} is not installed for the organization now`
      : availability === "broken"
        ? `the organization's ${name} connection is broken`
        : availability === "not_enabled_for_program"
          ? `${name} is not enabled for this program now`
          : `${name} is turned off for new meetings in this program`;
  const outcome = reachable
    ? `this meeting keeps its ${name} meeting and link, and your changes are sent to ${name}.`
    : `this meeting keeps its ${name} link and hosts; your changes are saved here and reach ${name} as soon as it is back. To stop using ${name}, choose another mode.`;
  return {
    mode: { ...mode, enabled: false },
    reachable,
    why: `${capitalized(notOffered)}: ${outcome}`,
  };
}

/**
 * The hosting a kept meeting goes on with while its provider cannot be asked who may host: the
 * hosts it was made with, among the people still on it; everyone else joins.
 */
export function keptHosting(
  meeting: MeetingOnProvider,
  kept: KeptProviderMode,
  people: { userId: string; email: string; name: string }[],
): Extract<HostingPlan, { ok: true }> | undefined {
  const byEmail = (email: string) => meeting.people.find((p) => p.email === email);
  const hostPerson = meeting.people.find((p) => p.role === "host");
  const host = hostPerson
    ? { userId: hostPerson.userId, email: hostPerson.email, name: hostPerson.name }
    : meeting.hostAccount
      ? { userId: null, email: meeting.hostAccount, name: "The organization's host account" }
      : undefined;
  if (!host) return undefined;
  const others = people.filter((p) => p.email !== host.email);
  return {
    ok: true,
    host,
    hostedBy: !hostPerson
      ? "host_account"
      : hostPerson.userId === meeting.organizer?.userId
        ? "creator"
        : "licensed_invitee",
    reason: `${host.name || host.email} still hosts it: ${kept.why}`,
    alternativeHosts: others.filter((p) => byEmail(p.email)?.role === "alternative_host"),
    participants: others.filter((p) => byEmail(p.email)?.role !== "alternative_host"),
  };
}

/** What the form says beside a kept mode: why it is not offered and what a change does. */
export function keptOutlook(kept: KeptProviderMode): HostingOutlook {
  return {
    rule: "licensed_invitee",
    viewerCanHost: undefined,
    canHost: new Set(),
    summary: kept.why,
    refusal: undefined,
  };
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
