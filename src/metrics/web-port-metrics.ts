import type { Config } from "../config.ts";

/**
 * Whether the web port serves /metrics: not when it has a port of its own, and not in
 * production without a token, where the web port faces whoever reaches confab and the metrics
 * would tell them about its load, its queue and its Zoom calls.
 */
export function webPortMetrics(
  config: Pick<Config, "production" | "metrics">,
): "served" | "on its own port" | "withheld" {
  if (config.metrics.port !== undefined) return "on its own port";
  if (config.production && config.metrics.token === undefined) return "withheld";
  return "served";
}

/** What to do about withheld metrics, for the start log and `confab doctor` alike. */
export const withheldMetricsFix =
  "set CONFAB_METRICS_TOKEN (the scraper sends it as a bearer token), or CONFAB_METRICS_PORT to serve /metrics on a port of its own that only the scraper reaches";
