/** Times as the identity platform writes them (see ../common/clock.ts). */
import { isoSeconds } from "../common/clock.ts";

/** The identity platform's `timestamp` in error bodies: `2016-01-09 02:02:12Z`. */
export function identityTimestamp(ms: number): string {
  return isoSeconds(ms).replace("T", " ");
}
