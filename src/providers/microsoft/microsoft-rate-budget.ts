import type { Kysely } from "kysely";
import type { Schema } from "../../db/schema.ts";
import type { AccessContext } from "../provider.ts";
import { ProviderError } from "../provider-error.ts";
import { holdSlot, takeFromSpan } from "../rate-span.ts";

/**
 * Outlook's limits per app and mailbox (learn.microsoft.com/graph/throttling-limits, "Outlook
 * service limits"): 10,000 requests in any 10 minutes and 4 at once.
 */
export interface OutlookLimits {
  requestsPerWindow: number;
  windowMs: number;
  concurrentRequests: number;
}

export const outlookLimits: OutlookLimits = {
  requestsPerWindow: 10_000,
  windowMs: 10 * 60_000,
  concurrentRequests: 4,
};

/**
 * Keeps confab under Outlook's limits before Graph has to say 429, with the same shared
 * machinery as Zoom's budget: counters in PostgreSQL, so every worker process shares them. Over
 * budget is a `rate_limited` error with the time to try again: the caller defers, never drops.
 * A slot for a call in flight is held until the call ends, or at most `leaseMs` if the process
 * dies with it.
 */
export function outlookRateBudget(
  db: Kysely<Schema>,
  leaseMs: number,
  limits: OutlookLimits = outlookLimits,
) {
  return {
    /** Runs one calendar call for the mailbox `access` (and, for an app token, `host`) names. */
    async run<T>(access: AccessContext, host: string, call: () => Promise<T>): Promise<T> {
      const bucket = `ms_teams:${access.kind}:${access.accountKey}:${mailboxOf(access, host)}`;
      const retryAt = await takeFromSpan(db, bucket, limits.requestsPerWindow, limits.windowMs);
      if (retryAt) {
        throw new ProviderError(
          "rate_limited",
          "confab is pacing its calls to this Outlook mailbox.",
          { retryAt: new Date(retryAt.getTime() + Math.floor(Math.random() * 200)) },
        );
      }
      const slot = await holdSlot(db, `${bucket}:in_flight`, limits.concurrentRequests, leaseMs);
      if (!slot) {
        throw new ProviderError(
          "rate_limited",
          "confab already has as many calls running to this Outlook mailbox as Outlook allows.",
          { retryAt: new Date(Date.now() + 500 + Math.floor(Math.random() * 500)) },
        );
      }
      try {
        return await call();
      } finally {
        await slot.release();
      }
    },
  };
}

export type OutlookRateBudget = ReturnType<typeof outlookRateBudget>;

/**
 * The mailbox a call counts against: a personal token's own ("me" is that user by name), an
 * app token's the host it names.
 */
function mailboxOf(access: AccessContext, host: string): string {
  return (access.kind === "personal" && access.userEmail ? access.userEmail : host).toLowerCase();
}
