/**
 * Outlook's limits per app and mailbox (learn.microsoft.com/graph/throttling-limits, "Outlook
 * service limits": 10,000 API requests in a 10 minute period and 4 concurrent requests, per app
 * ID and mailbox). Over either, Graph answers 429 with `Retry-After` in seconds and the code
 * `ApplicationThrottled`. Requests are counted on the sandbox clock in a sliding 10-minute window.
 */
import type { GraphClock } from "./graph-caller.ts";
import { GraphError } from "./graph-error.ts";

export interface ThrottleLimits {
  requestsPerWindow: number;
  windowSeconds: number;
  concurrentRequests: number;
}

export const OUTLOOK_LIMITS: ThrottleLimits = {
  requestsPerWindow: 10_000,
  windowSeconds: 600,
  concurrentRequests: 4,
};

export interface Throttle {
  /** Counts one request of an app to a mailbox; the returned function ends it. Throws the 429. */
  begin(clientId: string, mailboxId: string): () => void;
  limits(): ThrottleLimits;
  setLimits(limits: Partial<ThrottleLimits>): ThrottleLimits;
  reset(): void;
}

export function createThrottle(clock: GraphClock): Throttle {
  let limits = { ...OUTLOOK_LIMITS };
  const requests = new Map<string, number[]>();
  const inFlight = new Map<string, number>();

  return {
    begin(clientId, mailboxId) {
      const key = `${clientId}|${mailboxId}`;
      const now = clock.now();
      const windowMs = limits.windowSeconds * 1000;
      const recent = (requests.get(key) ?? []).filter((at) => at > now - windowMs);
      requests.set(key, recent);
      const running = inFlight.get(key) ?? 0;
      if (running >= limits.concurrentRequests) {
        throw new GraphError(
          429,
          "ApplicationThrottled",
          "Application is over its MailboxConcurrency limit.",
          { headers: { "Retry-After": "1" } },
        );
      }
      if (recent.length >= limits.requestsPerWindow) {
        const oldest = recent[0] ?? now;
        const seconds = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
        throw new GraphError(
          429,
          "ApplicationThrottled",
          "Application is over its MailboxRequests limit.",
          { headers: { "Retry-After": String(seconds) } },
        );
      }
      recent.push(now);
      inFlight.set(key, running + 1);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        inFlight.set(key, Math.max(0, (inFlight.get(key) ?? 1) - 1));
      };
    },
    limits: () => ({ ...limits }),
    setLimits(next) {
      limits = { ...limits, ...next };
      requests.clear();
      return { ...limits };
    },
    reset() {
      limits = { ...OUTLOOK_LIMITS };
      requests.clear();
      inFlight.clear();
    },
  };
}
