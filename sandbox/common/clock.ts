/**
 * A sandbox's notion of "now". Real time keeps flowing, and tests can jump ahead to reach token,
 * code or quota expiry without waiting; they may also freeze it (so a burst of requests falls in
 * one window however slowly the machine sends it) and step it by hand.
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

/** ISO 8601 in UTC without milliseconds (`2024-05-01T09:30:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
