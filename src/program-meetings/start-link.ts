import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { withAccessToken } from "../connections/with-access-token.ts";
import { DomainError } from "../domain-error.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { MeetingDeps } from "./meeting-deps.ts";
import { loadProgramMeeting, partiesOf } from "./program-meeting.ts";
import { hasVerifiedAddress } from "./verified-address.ts";

/**
 * The host's start link, asked of the provider at the moment it is used: Zoom's start links
 * expire, and carry the host's sign-in, so they are never stored nor shown to anyone else.
 */
export async function hostStartLink(
  deps: MeetingDeps,
  access: OrgAccess,
  programId: string,
  meetingId: string,
): Promise<string> {
  const meeting = await loadProgramMeeting(deps.db, access, programId, meetingId);
  authorizeOnMeeting(access, "meeting.start", partiesOf(meeting));
  const {
    provider: providerName,
    meetingId: meetingIdAtProvider,
    connectionId,
  } = meeting.conferencing;
  const provider = providerName ? deps.providers.get(providerName) : undefined;
  if (meeting.cancelled || !meetingIdAtProvider || !connectionId || !provider) {
    throw new DomainError("conflict", "This meeting has no video meeting to start yet.");
  }
  // A start link signs its holder in as the host: only to a proven address.
  if (!(await hasVerifiedAddress(deps.db, access.actor.userId))) {
    throw new DomainError(
      "forbidden",
      `Confirm your email address first (under Your account): confab gives a host's start link only to a confirmed address. You can also start the meeting from ${provider.displayName} itself, signed in as its host.`,
    );
  }
  try {
    return await withAccessToken(
      { db: deps.db, vault: deps.vault, provider },
      connectionId,
      (token) => provider.startUrl(token, meetingIdAtProvider),
    );
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const name = provider.displayName;
    throw new DomainError(
      error.kind === "unavailable" || error.kind === "rate_limited" ? "unavailable" : "conflict",
      error.kind === "connection_revoked" || error.kind === "rejected"
        ? `${name} is no longer installed for the organization, so confab cannot fetch a start link. Start the meeting from ${name} itself, signed in as its host.`
        : `${name} did not give a start link just now (${error.message}). Try again in a moment.`,
    );
  }
}
