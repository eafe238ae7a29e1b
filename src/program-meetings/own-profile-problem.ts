import type { ConferencingProfile } from "../conferencing/conferencing-profiles.ts";

/**
 * Why a meeting hosted in its creator's own account cannot be made or changed now, for everyone
 * on the meeting to read: the reason, and how its creator puts it right.
 */
export function ownProfileProblem(
  displayName: string,
  profile: ConferencingProfile | undefined,
): string {
  const reconnect = `Its creator can connect their ${displayName} again under Your account → Conferencing services and save the meeting again, or change it to another meeting mode.`;
  if (!profile) {
    return `The host's own ${displayName} connection no longer exists, so confab cannot make or change this meeting there. ${reconnect}`;
  }
  if (profile.status === "removed") {
    return `The host's own ${displayName} (${profile.profileName}) was removed from confab, so confab cannot make or change this meeting there. ${reconnect}`;
  }
  return `The host's own ${displayName} (${profile.profileName}) is disconnected (${profile.statusReason ?? "the provider refused it"}), so confab cannot make or change this meeting there. ${reconnect}`;
}
