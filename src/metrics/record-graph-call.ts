import { graphCallDuration, graphCalls } from "./confab-metrics.ts";
import { graphEndpoint } from "./graph-endpoint.ts";

/** Counts one call to Microsoft Graph by its path pattern: `status` is the HTTP status, or why none. */
export function recordGraphCall(
  call: { method: string; path: string },
  status: string,
  startedAt: number,
): void {
  const endpoint = graphEndpoint(call.path);
  graphCalls.inc({ method: call.method, endpoint, status });
  graphCallDuration.observe(
    { method: call.method, endpoint },
    (performance.now() - startedAt) / 1000,
  );
}
