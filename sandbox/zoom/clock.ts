/**
 * The sandbox's notion of "now". Real time keeps flowing, and tests can jump
 * ahead to reach token expiry, code expiry or the daily reset at 00:00 UTC
 * without waiting. A test may also freeze it, so that a burst of requests
 * falls in one of Zoom's one-second windows however slowly the machine sends
 * it, and then step it by hand.
 */
export interface Clock {
  now(): number;
  advance(seconds: number): void;
  /** Stops time where it is (only `advance` moves it then); false lets it flow again from there. */
  setFrozen(frozen: boolean): void;
  readonly frozen: boolean;
  reset(): void;
}

export function createClock(): Clock {
  let offsetMs = 0;
  let frozenAt: number | undefined;
  return {
    now: () => frozenAt ?? Date.now() + offsetMs,
    advance(seconds) {
      if (frozenAt === undefined) offsetMs += seconds * 1000;
      else frozenAt += seconds * 1000;
    },
    setFrozen(frozen) {
      if (frozen && frozenAt === undefined) frozenAt = Date.now() + offsetMs;
      if (!frozen && frozenAt !== undefined) {
        offsetMs = frozenAt - Date.now();
        frozenAt = undefined;
      }
    },
    get frozen() {
      return frozenAt !== undefined;
    },
    reset() {
      offsetMs = 0;
      frozenAt = undefined;
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
