import { zoomEndpoint } from "../providers/zoom/zoom-endpoint.ts";
import { zoomCallDuration, zoomCalls } from "./confab-metrics.ts";
import { providerCallRecorder } from "./record-provider-call.ts";

/** Counts one call to Zoom's API by its path pattern: `status` is the HTTP status, or why none. */
export const recordZoomCall = providerCallRecorder({
  calls: zoomCalls,
  duration: zoomCallDuration,
  endpoint: zoomEndpoint,
});
