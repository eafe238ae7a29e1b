import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { findOrganizationIntegration } from "../integrations/organization-integration.ts";
import { suspendedOrganizationOfEvent } from "../orgs/organization-suspension.ts";
import { ownProfileStopInProgram } from "../program-meetings/integrations-switch.ts";
import { ownProfileProblem } from "../program-meetings/own-profile-problem.ts";
import type { Providers } from "../providers/registry.ts";
import {
  type ConferencingProfile,
  reconnectedProfile,
  resolveConferencingProfile,
} from "./conferencing-profiles.ts";
import type { ConferencingRequest } from "./event-input.ts";
import type { EventRow, MeetingRow } from "./event-view.ts";

/** The connection an event's meeting is made with, and for whom. */
export interface MeetingTarget {
  connectionId: string;
  providerName: string;
  /** Whom the meeting is made for: "me" for a person's own profile, else the host's email. */
  host: string;
  alternativeHosts: string[];
  /** How the connection is named in reasons: the profile's email, or the organization's install. */
  label: string;
  /** Set for a person's own profile, which they can connect again from a link. */
  profile?: { profile: ConferencingProfile; ownerRef: string };
}

/** Why no connection can make the meeting now, in words for the event's failing reason. */
export interface TargetProblem {
  problem: string;
  profile?: { profile: ConferencingProfile; ownerRef: string };
}

/**
 * Where the meeting an event asks for is made: with one of the owner's profiles (application
 * events), in the organization's install of the provider (program meetings), or with the
 * creator's own profile (program meetings where the program allows it).
 */
export async function resolveMeetingTarget(
  db: Kysely<Schema>,
  providers: Providers,
  event: EventRow,
  request: Exclude<ConferencingRequest, { kind: "explicit" }>,
  meeting: MeetingRow | undefined,
): Promise<MeetingTarget | TargetProblem> {
  // A suspended organization's events wait, failing with the reason; unsuspending resumes them.
  const suspended = await suspendedOrganizationOfEvent(db, event);
  if (suspended) {
    return {
      problem: `${suspended.name} is suspended by the operator of this confab (${suspended.reason}), so confab does not make or change this meeting now. It does once the organization is unsuspended.`,
    };
  }
  if (request.kind === "organization") {
    const organizationId = await organizationOfProgram(db, event.program_id);
    const name = providers.get(request.provider)?.displayName ?? request.provider;
    const integration =
      organizationId === undefined
        ? undefined
        : await findOrganizationIntegration(db, organizationId, request.provider);
    if (!integration) {
      return {
        problem: `${name} is no longer installed for the organization, so confab cannot make or change this meeting. Choose another meeting mode, or ask an organization admin to install ${name} again.`,
      };
    }
    if (integration.status !== "connected") {
      return {
        problem: `The organization's ${name} install is disconnected (${integration.statusReason ?? "an organization admin can install it again"}).`,
      };
    }
    return {
      connectionId: integration.id,
      providerName: integration.provider,
      host: request.host,
      alternativeHosts: request.alternativeHosts,
      label: `the organization's ${name} account`,
    };
  }
  if (request.kind === "member_profile") {
    // Queued before the operator disabled integrations: it waits, failing, until they are back.
    const name = providers.get(request.provider)?.displayName ?? request.provider;
    const stopped = await ownProfileStopInProgram(db, event.program_id, name);
    if (stopped) return { problem: stopped.waiting };
  }
  // An application event's profiles are its calendar owner's; a program meeting made with a
  // member's own profile names the member, as it has no application calendar.
  const { ownerRef, profileId } =
    request.kind === "member_profile"
      ? { ownerRef: request.userId, profileId: request.connectionId }
      : {
          ownerRef: (
            await db
              .selectFrom("application_calendars")
              .select("sub")
              .where("id", "=", event.calendar_id)
              .executeTakeFirstOrThrow()
          ).sub,
          profileId: request.profileId,
        };
  let profile = await resolveConferencingProfile(db, ownerRef, profileId);
  if (!profile && meeting) {
    // The profile that made this event's meeting was removed: say so, and offer to reconnect.
    profile = await resolveConferencingProfile(db, ownerRef, meeting.connection_id);
  }
  if (profile?.status === "removed") {
    profile = (await reconnectedProfile(db, ownerRef, profile)) ?? profile;
  }
  const relink = profile ? { profile, ownerRef } : undefined;
  if (profile?.status !== "connected") {
    return {
      problem:
        request.kind === "member_profile"
          ? ownProfileProblem(
              providers.get(request.provider)?.displayName ?? request.provider,
              profile,
            )
          : profileProblem(request.profileId, profile),
      ...(relink ? { profile: relink } : {}),
    };
  }
  return {
    connectionId: profile.id,
    providerName: profile.providerName,
    host: "me",
    alternativeHosts: [],
    label: `profile ${profile.profileName}`,
    ...(relink ? { profile: relink } : {}),
  };
}

async function organizationOfProgram(
  db: Kysely<Schema>,
  programId: string | null,
): Promise<string | undefined> {
  if (programId === null) return undefined;
  const row = await db
    .selectFrom("programs")
    .select("organization_id")
    .where("id", "=", programId)
    .executeTakeFirst();
  return row?.organization_id;
}

function profileProblem(requested: string, profile: ConferencingProfile | undefined): string {
  if (!profile) {
    return requested === "default"
      ? "This account has no conferencing profile: connect one (e.g. Zoom) first."
      : `The conferencing profile ${requested} does not exist.`;
  }
  if (profile.status === "removed") {
    return `The conferencing profile ${profile.profileName} was removed; connect it again or choose another.`;
  }
  return `The conferencing profile ${profile.profileName} is disconnected: ${profile.statusReason ?? "connect it again"}`;
}
