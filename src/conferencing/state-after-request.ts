import type { ConferencingState } from "../db/schema.ts";
import type { ConferencingRequest } from "./event-input.ts";

/**
 * The conferencing state a (new or changed) request leads to, or undefined to keep the current
 * one while the worker moves it on: none without a request, assigned for join details given as
 * they are; the same meeting target keeps an ongoing state, so a rescheduled event that is
 * assigned stays assigned while its meeting is updated; anything else starts pending.
 */
export function stateAfterRequest(
  current: ConferencingState | undefined,
  previous: ConferencingRequest | null,
  next: ConferencingRequest | null,
): ConferencingState | undefined {
  if (next === null) return "none";
  if (next.kind === "explicit") return "assigned";
  return sameMeetingTarget(previous, next) && isOngoing(current) ? undefined : "pending";
}

/** A state in which the event's meeting exists or is being made. */
export function isOngoing(state: ConferencingState | undefined): boolean {
  return state === "assigned" || state === "failing" || state === "pending";
}

/** Whether two requests want their meeting made in the same place, so it is the same meeting. */
export function sameMeetingTarget(a: ConferencingRequest | null, b: ConferencingRequest): boolean {
  if (a?.kind === "profile" && b.kind === "profile") return a.profileId === b.profileId;
  if (a?.kind === "organization" && b.kind === "organization") return a.provider === b.provider;
  if (a?.kind === "member_profile" && b.kind === "member_profile") {
    return a.userId === b.userId && a.provider === b.provider;
  }
  return false;
}
