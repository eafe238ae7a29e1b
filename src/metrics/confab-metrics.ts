import { MetricsRegistry } from "./metrics-registry.ts";

/**
 * The instruments of this process. One registry per process, as the process is what Prometheus
 * scrapes: a Zoom call deep in a provider counts itself here without every layer above it
 * having to pass a registry down. `confab start` (web and worker in one process) therefore
 * shows both roles' metrics on one /metrics.
 *
 * Labels are bounded by construction: route patterns, task names, provider path patterns, status
 * codes and error kinds; never a raw URL, an id, an email or anything secret.
 */
export const processMetrics = new MetricsRegistry();

export const httpRequestDuration = processMetrics.histogram(
  "confab_http_request_duration_seconds",
  "Time to answer an HTTP request, by method, route pattern and status class.",
  ["method", "route", "status_class"],
);

export const jobRuns = processMetrics.counter(
  "confab_jobs_total",
  "Jobs this worker ran, by task and outcome (success, or failure: the job is retried).",
  ["task", "outcome"],
);

export const jobDuration = processMetrics.histogram(
  "confab_job_duration_seconds",
  "How long a job took, by task and outcome.",
  ["task", "outcome"],
);

export const zoomCalls = processMetrics.counter(
  "confab_zoom_calls_total",
  "Calls to Zoom's REST API, by method, endpoint (path pattern) and HTTP status (or timeout, network).",
  ["method", "endpoint", "status"],
);

export const zoomCallDuration = processMetrics.histogram(
  "confab_zoom_call_duration_seconds",
  "How long a call to Zoom's REST API took, by method and endpoint.",
  ["method", "endpoint"],
);

/**
 * Graph's calls beside Zoom's rather than one metric with a provider label: each provider's
 * endpoints are patterns of its own API, so the two never share an `endpoint`, and the Zoom
 * metrics keep their names for the dashboards and alerts already built on them.
 */
export const graphCalls = processMetrics.counter(
  "confab_microsoft_graph_calls_total",
  "Calls to Microsoft Graph, by method, endpoint (path pattern) and HTTP status (or timeout, network).",
  ["method", "endpoint", "status"],
);

export const graphCallDuration = processMetrics.histogram(
  "confab_microsoft_graph_call_duration_seconds",
  "How long a call to Microsoft Graph took, by method and endpoint.",
  ["method", "endpoint"],
);

export const tokenRefreshes = processMetrics.counter(
  "confab_token_refreshes_total",
  "Access token refreshes at a provider, by provider and outcome (refreshed, or the error kind).",
  ["provider", "outcome"],
);

export const provisioningDeferrals = processMetrics.counter(
  "confab_provisioning_deferrals_total",
  "Meeting provisioning put off to try again later, by cause (rate_limited, unavailable, ambiguous, ...).",
  ["cause"],
);

const startTime = processMetrics.gauge(
  "confab_process_start_time_seconds",
  "When this process started, in seconds since the Unix epoch.",
);
startTime.set({}, Math.round(Date.now() / 1000 - process.uptime()));

const residentMemory = processMetrics.gauge(
  "confab_process_resident_memory_bytes",
  "Resident memory of this process.",
);

/** The process's metrics as Prometheus reads them, with the readings taken now. */
export function exposeProcessMetrics(): string {
  residentMemory.set({}, process.memoryUsage.rss());
  return processMetrics.expose();
}
