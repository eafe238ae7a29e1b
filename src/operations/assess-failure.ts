import type { Kysely } from "kysely";
import { type ConferencingRequest, wantsProviderMeeting } from "../conferencing/event-input.ts";
import { loadEventWithMeeting } from "../conferencing/event-view.ts";
import { resolveMeetingTarget } from "../conferencing/meeting-target.ts";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";

export interface FailureAssessment {
  /** Whether another attempt could help: see retry-would-help.ts. */
  retryable: boolean;
  /** The provider the meeting is for (`zoom`, `ms_teams`), when confab can tell. */
  provider: string | undefined;
}

/**
 * What the dashboard needs to know of a failing event besides its reason: whether Retry can help,
 * and which provider fails it. The provider is the one its meeting was made with, else the one
 * its request names (a program's mode, or the profile it is made with); an event whose profile
 * is gone names none.
 */
export async function assessFailure(
  db: Kysely<Schema>,
  providers: Providers,
  eventId: string,
): Promise<FailureAssessment> {
  const loaded = await loadEventWithMeeting(db, eventId);
  if (!loaded) return { retryable: false, provider: undefined };
  const request = loaded.event.conferencing_request as ConferencingRequest | null;
  if (!wantsProviderMeeting(request)) return { retryable: false, provider: undefined };
  const target = await resolveMeetingTarget(db, providers, loaded.event, request, loaded.meeting);
  const requested = "provider" in request ? request.provider : undefined;
  if ("problem" in target) {
    return {
      retryable: false,
      provider: loaded.meeting?.provider ?? requested ?? target.profile?.profile.providerName,
    };
  }
  return { retryable: true, provider: loaded.meeting?.provider ?? target.providerName };
}
