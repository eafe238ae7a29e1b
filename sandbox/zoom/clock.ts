/** Times as Zoom writes them, and the UTC days its daily limits count by (see ../common/clock.ts). */
import { isoSeconds } from "../common/clock.ts";

/** Zoom writes times as `yyyy-MM-ddTHH:mm:ssZ`, without milliseconds. */
export function zoomTime(ms: number): string {
  return isoSeconds(ms);
}

export function startOfNextUtcDay(ms: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
}

export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
