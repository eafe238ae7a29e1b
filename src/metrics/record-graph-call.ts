import { graphCallDuration, graphCalls } from "./confab-metrics.ts";
import { graphEndpoint } from "./graph-endpoint.ts";
import { providerCallRecorder } from "./record-provider-call.ts";

/** Counts one call to Microsoft Graph by its path pattern: `status` is the HTTP status, or why none. */
export const recordGraphCall = providerCallRecorder({
  calls: graphCalls,
  duration: graphCallDuration,
  endpoint: graphEndpoint,
});
