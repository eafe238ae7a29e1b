/**
 * When a provider's Retry-After says to come back: HTTP allows seconds or a date, and providers
 * use either (Graph: seconds; Zoom: an ISO date-time in its docs, seconds in practice).
 */
export function retryAfter(header: string | null, now: Date): Date | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return new Date(now.getTime() + Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : new Date(at);
}

/** A little randomness so that many deferred calls do not all come back in the same instant. */
export function jitter(at: Date, maxMs = 250): Date {
  return new Date(at.getTime() + Math.floor(Math.random() * maxMs));
}
