import type { Config } from "../config.ts";
import { webPortMetrics, withheldMetricsFix } from "../metrics/web-port-metrics.ts";
import { microsoftConfigured } from "./check-microsoft-reachability.ts";
import type { CheckResult, Finding } from "./doctor-check.ts";
import { isLoopbackUrl } from "./loopback-url.ts";

/**
 * What stands between this configuration and a production instance. Outside production these
 * are only warnings: trying confab on a laptop is not a mistake. In production, a PUBLIC_URL
 * nobody else can reach over TLS fails the check, since the providers and browsers depend on it.
 * Zoom is always offered, so a missing Zoom app is worth saying; Microsoft Teams is optional,
 * so its settings are looked at only once a Microsoft app is set. (A client id without its
 * secret, or a base URL that is no URL, stops the configuration itself; a base over plain http
 * to another machine fails the provider's own check.)
 */
export function checkProductionReadiness(config: Config): CheckResult {
  const failures: Finding[] = [];
  const warnings: Finding[] = [];
  const url = new URL(config.publicUrl);
  const teams = microsoftConfigured(config);

  if (!config.production) {
    warnings.push({
      problem: "NODE_ENV is not production",
      fix: "set NODE_ENV=production (it requires DATABASE_URL, CONFAB_SECRET_KEY and PUBLIC_URL)",
    });
  }
  if (url.protocol !== "https:") {
    (config.production ? failures : warnings).push({
      problem: `PUBLIC_URL ${config.publicUrl} is not https: session cookies are not Secure, ${
        teams
          ? "Zoom delivers webhooks to https URLs only, and Microsoft returns sign-ins and sends change notifications to https URLs only"
          : "and Zoom delivers webhooks to https URLs only"
      }`,
      fix: "serve confab behind a TLS proxy and set PUBLIC_URL to its https:// address",
    });
  }
  if (isLoopbackUrl(config.publicUrl)) {
    (config.production ? failures : warnings).push({
      problem: `PUBLIC_URL ${config.publicUrl} names this machine: neither ${teams ? "Zoom, Microsoft" : "Zoom"} nor other people can reach it`,
      fix: "set PUBLIC_URL to the public address of your TLS proxy",
    });
  }
  if (config.databaseUrl === undefined) {
    warnings.push({
      problem: "the database is the embedded PostgreSQL (for trying confab)",
      fix: "set DATABASE_URL to a PostgreSQL 14 or later server",
    });
  }
  if (config.secretKey === undefined) {
    warnings.push({
      problem: "the secret key was generated into the data folder",
      fix: "set CONFAB_SECRET_KEY (from `confab keys generate`) and keep a copy apart from the database backups",
    });
  }
  if (config.demo) {
    warnings.push({
      problem: "the demo is on (demo people with one-click sign-in)",
      fix: "set CONFAB_DEMO=0 (it is always off with NODE_ENV=production)",
    });
  }
  const noZoomApp = config.zoom.userApp === undefined && config.zoom.orgApp === undefined;
  // The demo brings its own Zoom sandbox; only without it does a missing app matter.
  if (noZoomApp && !config.demo) {
    warnings.push({
      problem: "no Zoom app is configured: nobody can connect Zoom",
      fix: "create the Zoom apps (docs/production.md) and set ZOOM_USER_CLIENT_ID and ZOOM_USER_CLIENT_SECRET, or ZOOM_ORG_CLIENT_ID and ZOOM_ORG_CLIENT_SECRET, or all four",
    });
  }
  if (
    !noZoomApp &&
    (isLoopbackUrl(config.zoom.oauthBaseUrl) || isLoopbackUrl(config.zoom.apiBaseUrl))
  ) {
    warnings.push({
      problem: "ZOOM_OAUTH_BASE_URL or ZOOM_API_BASE_URL names this machine (a Zoom sandbox?)",
      fix: "unset both to use zoom.us, unless this instance is meant to run against the sandbox",
    });
  }
  if (
    teams &&
    (isLoopbackUrl(config.microsoft.authorityBaseUrl) ||
      isLoopbackUrl(config.microsoft.graphBaseUrl))
  ) {
    warnings.push({
      problem:
        "MICROSOFT_AUTHORITY_URL or MICROSOFT_GRAPH_URL names this machine (a Microsoft sandbox?)",
      fix: "unset both to use login.microsoftonline.com and graph.microsoft.com, unless this instance is meant to run against the sandbox",
    });
  }

  if (config.production && webPortMetrics(config) === "withheld") {
    warnings.push({
      problem: "/metrics is not served: production gives it neither a token nor a port of its own",
      fix: withheldMetricsFix,
    });
  }
  if (config.production && config.trustedProxies === undefined) {
    warnings.push({
      problem:
        "CONFAB_TRUSTED_PROXIES is unset: behind a reverse proxy every person seems to come from the proxy's address, and sign-in limits count them together",
      fix: "set CONFAB_TRUSTED_PROXIES to the proxy's address (or CIDR), unless confab is reached directly",
    });
  }

  const findings = [...failures, ...warnings];
  if (findings.length === 0) {
    return {
      check: "production",
      status: "pass",
      summary: `ready: NODE_ENV=production, https PUBLIC_URL, own database and key, Zoom apps set${teams ? ", Microsoft Teams app set" : ""}`,
      findings,
    };
  }
  return {
    check: "production",
    status: failures.length > 0 ? "fail" : "warn",
    summary: `${findings.length} thing(s) to settle before production`,
    findings,
  };
}
