import type { OrgAccess } from "../authorization/policy.ts";
import {
  type ConferencingProfile,
  listConferencingProfiles,
  resolveConferencingProfile,
} from "../conferencing/conferencing-profiles.ts";
import type { ConferencingRequest } from "../conferencing/event-input.ts";
import { providerModeLabel } from "../integrations/provider-meeting-mode.ts";
import type { MeetingMode } from "../orgs/meeting-modes.ts";
import type { Program } from "../orgs/programs.ts";
import type { HostingOutlook } from "./hosting-outlook.ts";
import type { HostingPlan, Person } from "./hosting-plan.ts";
import { type OwnProfileStop, ownProfileStop } from "./integrations-switch.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { ownProfilesSwitch } from "./own-profiles-allowed.ts";
import type { ProgramMeeting } from "./program-meeting.ts";
import { readProgramSwitch } from "./program-switch.ts";

const modePrefix = "own:";

/** The mode of a meeting hosted with its creator's own connection of a provider: "own:zoom". */
export function ownProfileModeKey(provider: string): string {
  return `${modePrefix}${provider}`;
}

/** The provider a mode hosts with the creator's own connection of, when it is such a mode. */
export function ownProfileProvider(modeKey: string): string | undefined {
  return modeKey.startsWith(modePrefix) ? modeKey.slice(modePrefix.length) : undefined;
}

/**
 * Hosting a program meeting with the creator's own connected profile: a meeting mode of its own
 * beside the organization's, made in the member's account, so the organization's install is not
 * needed for it.
 */
export interface OwnProfileChoice {
  mode: MeetingMode;
  /** The member whose own connection makes the meeting: the meeting's creator. */
  owner: Person;
  provider: string;
  displayName: string;
  connectionId: string;
  /** The provider account's email, as Your account → Conferencing services lists it. */
  accountEmail: string;
  /** False for a meeting made so before the program stopped allowing it: it keeps its meeting. */
  allowedNow: boolean;
  /** Whether the meeting was made so already, and keeps this mode through a change. */
  kept: boolean;
  /** Set while the operator has integrations disabled for the organization: what to say. */
  stopped: OwnProfileStop | undefined;
  /** Whether the viewer is the owner, so the page says "you". */
  yours: boolean;
}

type MeetingInOwnProfile = Pick<ProgramMeeting, "modeKey" | "organizer" | "conferencing">;

/**
 * The own-profile modes a meeting may be saved with. A new meeting (or one moving to it) offers
 * the viewer's own connected profile of each provider when the program allows it, even with no
 * organization install; a meeting already made so keeps its owner's, so a change does not cost
 * it its link, and reaches the provider (or fails with the reason) as its owner's profile stands.
 * While the operator has integrations disabled, a new meeting is shown the choice with the
 * reason it cannot be picked (ownProfileRefusal), and one made so keeps it, its changes waiting.
 */
export async function ownProfileChoices(
  deps: MeetingDeps,
  access: OrgAccess,
  program: Program,
  meeting: MeetingInOwnProfile | undefined,
): Promise<OwnProfileChoice[]> {
  const keptProvider = meeting ? ownProfileProvider(meeting.modeKey) : undefined;
  const owner = keptProvider ? meeting?.organizer : undefined;
  const ownerId = owner?.userId ?? access.actor.userId;
  const allowedNow = await readProgramSwitch(deps.db, program.id, ownProfilesSwitch);
  // Only the creator puts a meeting in their own account; others may change one that is there.
  if (!keptProvider && (!allowedNow || ownerId !== access.actor.userId)) return [];
  const profiles = (await listConferencingProfiles(deps.db, ownerId)).filter(
    (p) => p.status === "connected" && deps.providers.get(p.providerName) !== undefined,
  );
  const byProvider = new Map<string, ConferencingProfile>();
  for (const profile of profiles) {
    const held = byProvider.get(profile.providerName);
    if (!held || (profile.isDefault && !held.isDefault)) {
      byProvider.set(profile.providerName, profile);
    }
  }
  if (keptProvider && !byProvider.has(keptProvider) && meeting?.conferencing.connectionId) {
    // The profile it was made with is gone: still its mode, so the change is saved and the
    // worker says why the meeting cannot follow.
    const made = await resolveConferencingProfile(
      deps.db,
      ownerId,
      meeting.conferencing.connectionId,
    );
    if (made) byProvider.set(keptProvider, made);
  }
  const person = owner ??
    (await ownerOf(deps, ownerId)) ?? { userId: ownerId, email: "", name: "" };
  return [...byProvider.values()]
    .filter((p) => allowedNow || p.providerName === keptProvider)
    .map((profile) => {
      const displayName = deps.providers.get(profile.providerName)?.displayName ?? "";
      return {
        mode: {
          key: ownProfileModeKey(profile.providerName),
          label: `${providerModeLabel(displayName)} – with ${ownerId === access.actor.userId ? "your" : `${person.name || person.email}'s`} own ${displayName} (${profile.profileName})`,
          kind: "provider" as const,
          enabled: true,
        },
        owner: person,
        provider: profile.providerName,
        displayName,
        connectionId: profile.id,
        accountEmail: profile.profileName,
        allowedNow,
        kept: profile.providerName === keptProvider,
        stopped: ownProfileStop(access.organization, displayName),
        yours: ownerId === access.actor.userId,
      };
    });
}

async function ownerOf(deps: MeetingDeps, userId: string): Promise<Person | undefined> {
  const row = await deps.db
    .selectFrom("users")
    .select(["id", "email", "name"])
    .where("id", "=", userId)
    .executeTakeFirst();
  return row ? { userId: row.id, email: row.email, name: row.name } : undefined;
}

/**
 * Who hosts a meeting in its creator's own account: the creator, alone. Invitees are users of
 * other accounts (or of none), and a provider lets only users of the host's own account co-host,
 * so everyone else joins with the link.
 */
export function ownProfileHosting(
  choice: OwnProfileChoice,
  people: Person[],
): Extract<HostingPlan, { ok: true }> {
  const { displayName, accountEmail, owner } = choice;
  return {
    ok: true,
    host: owner,
    hostedBy: "creator",
    reason: `${who(choice)} ${choice.yours ? "host" : "hosts"} it in ${possessive(choice)} own ${displayName} account (${accountEmail}): the organization's ${displayName} is not used for it. Everyone invited joins with the link as a participant.`,
    alternativeHosts: [],
    participants: people.filter((p) => p.userId !== owner.userId),
  };
}

/** What the worker is asked for: the meeting made with the owner's own connection. */
export function ownProfileRequest(choice: OwnProfileChoice): ConferencingRequest {
  return {
    kind: "member_profile",
    userId: choice.owner.userId,
    connectionId: choice.connectionId,
    provider: choice.provider,
  };
}

/** The mode's name as the meeting keeps it for everyone on it: "Zoom video call". */
export function ownProfileModeLabel(choice: OwnProfileChoice): string {
  return providerModeLabel(choice.displayName);
}

/**
 * Why the choice cannot be picked now, if it cannot: a meeting not yet made so, while the
 * operator has integrations disabled. The form shows it beside the mode, the organization API
 * lists the mode as unavailable with it, and Continue and confirm refuse the mode with it.
 */
export function ownProfileRefusal(choice: OwnProfileChoice): string | undefined {
  return choice.kept ? undefined : choice.stopped?.refusal;
}

/** What the form says beside the choice. */
export function ownProfileOutlook(choice: OwnProfileChoice): HostingOutlook {
  return {
    rule: "licensed_invitee",
    viewerCanHost: true,
    canHost: new Set(),
    summary:
      choice.kept && choice.stopped
        ? choice.stopped.kept
        : choice.allowedNow
          ? `made in ${possessive(choice)} own ${choice.displayName} account; ${choice.yours ? "you host" : `${who(choice)} hosts`} it, and everyone invited joins with the link`
          : `the program no longer allows own ${choice.displayName} accounts for new meetings: this meeting keeps its ${choice.displayName} meeting and link, and your changes are sent there.`,
    refusal: ownProfileRefusal(choice),
  };
}

function who(choice: OwnProfileChoice): string {
  return choice.yours ? "You" : choice.owner.name || choice.owner.email;
}

function possessive(choice: OwnProfileChoice): string {
  return choice.yours ? "your" : `${who(choice)}'s`;
}
