/**
 * The sandbox's notion of "now". Real time keeps flowing, and tests can jump
 * ahead to reach token expiry, code expiry or the daily reset at 00:00 UTC
 * without waiting.
 */
export interface Clock {
  now(): number;
  advance(seconds: number): void;
  reset(): void;
}

export function createClock(): Clock {
  let offsetMs = 0;
  return {
    now: () => Date.now() + offsetMs,
    advance(seconds) {
      offsetMs += seconds * 1000;
    },
    reset() {
      offsetMs = 0;
    },
  };
}

/** Zoom writes times as `yyyy-MM-ddTHH:mm:ssZ`, without milliseconds. */
export function zoomTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function startOfNextUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
