import type { Config } from "../config.ts";
import { checkProviderReachability } from "./check-provider-reachability.ts";
import type { CheckResult } from "./doctor-check.ts";

/** The configured Zoom answers: its OAuth server and its REST API. */
export async function checkZoomReachability(config: Config): Promise<CheckResult> {
  const zoom = config.zoom;
  if (zoom.userApp === undefined && zoom.orgApp === undefined) {
    return {
      check: "zoom",
      status: "warn",
      summary: config.demo
        ? "not checked: the demo runs its own Zoom sandbox inside `confab start`"
        : "not checked: no Zoom app is configured (ZOOM_USER_CLIENT_ID, ZOOM_ORG_CLIENT_ID)",
      findings: [],
    };
  }
  return checkProviderReachability({
    check: "zoom",
    provider: "Zoom",
    statusPage: "https://status.zoom.us",
    requestTimeoutMs: zoom.requestTimeoutMs,
    targets: [
      {
        variable: "ZOOM_OAUTH_BASE_URL",
        base: zoom.oauthBaseUrl,
        url: `${zoom.oauthBaseUrl}/oauth/token`,
      },
      { variable: "ZOOM_API_BASE_URL", base: zoom.apiBaseUrl, url: `${zoom.apiBaseUrl}/users/me` },
    ],
  });
}
