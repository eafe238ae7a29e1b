import type { Counter, Histogram } from "./metrics-registry.ts";

/** One provider API's instruments, and how its paths become patterns. */
export interface ProviderCallMetrics {
  calls: Counter;
  duration: Histogram;
  endpoint(path: string): string;
}

/**
 * Counts one call to a provider's API by its path pattern: `status` is the HTTP status, or why
 * none. `startedAt` is a `performance.now()` reading.
 */
export type RecordProviderCall = (
  call: { method: string; path: string },
  status: string,
  startedAt: number,
) => void;

export function providerCallRecorder(metrics: ProviderCallMetrics): RecordProviderCall {
  return (call, status, startedAt) => {
    const endpoint = metrics.endpoint(call.path);
    metrics.calls.inc({ method: call.method, endpoint, status });
    metrics.duration.observe(
      { method: call.method, endpoint },
      (performance.now() - startedAt) / 1000,
    );
  };
}
