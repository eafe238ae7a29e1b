import { zoomEndpoint } from "../providers/zoom/zoom-endpoint.ts";
import { zoomCallDuration, zoomCalls } from "./confab-metrics.ts";

/** Counts one call to Zoom's API by its path pattern: `status` is the HTTP status, or why none. */
export function recordZoomCall(
  call: { method: string; path: string },
  status: string,
  startedAt: number,
): void {
  const endpoint = zoomEndpoint(call.path);
  zoomCalls.inc({ method: call.method, endpoint, status });
  zoomCallDuration.observe(
    { method: call.method, endpoint },
    (performance.now() - startedAt) / 1000,
  );
}
