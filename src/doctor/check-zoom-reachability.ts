import type { Config } from "../config.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";
import { isLoopbackUrl } from "./loopback-url.ts";

/** Long enough for a slow TLS handshake, short enough that a doctor run stays quick. */
const maximumWaitMs = 5000;

/**
 * The configured Zoom answers: its OAuth server and its REST API, over HTTPS (or, for the Zoom
 * sandbox, over this machine's loopback). Any HTTP reply counts: without a token, Zoom's API
 * answers 401, which is the answer we expect. Nothing is sent that needs a credential.
 */
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
  const targets = [
    {
      variable: "ZOOM_OAUTH_BASE_URL",
      base: zoom.oauthBaseUrl,
      url: `${zoom.oauthBaseUrl}/oauth/token`,
    },
    { variable: "ZOOM_API_BASE_URL", base: zoom.apiBaseUrl, url: `${zoom.apiBaseUrl}/users/me` },
  ];
  for (const target of targets) {
    if (!target.base.startsWith("https:") && !isLoopbackUrl(target.base)) {
      return problem(
        "zoom",
        "fail",
        `${target.variable} ${target.base} is not https: tokens would cross the network in the clear`,
        `use https (unset ${target.variable} for Zoom's own address)`,
      );
    }
  }
  const timeoutMs = Math.min(zoom.requestTimeoutMs, maximumWaitMs);
  const answers: string[] = [];
  for (const target of targets) {
    try {
      const response = await fetch(target.url, {
        redirect: "manual",
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status >= 500) {
        return problem(
          "zoom",
          "warn",
          `${target.base} answered ${response.status}: Zoom may be having trouble (confab retries)`,
          "check https://status.zoom.us, and try again later",
        );
      }
      answers.push(target.base);
    } catch (error) {
      return problem(
        "zoom",
        "fail",
        `${target.base} did not answer: ${reasonOf(error, timeoutMs)}`,
        `check ${target.variable}, DNS, and that outbound HTTPS from this machine is allowed`,
      );
    }
  }
  return passed("zoom", `${answers.join(" and ")} answer`);
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === "TimeoutError") return `no reply within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
