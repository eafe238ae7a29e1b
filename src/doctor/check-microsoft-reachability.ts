import type { Config } from "../config.ts";
import { checkProviderReachability } from "./check-provider-reachability.ts";
import type { CheckResult } from "./doctor-check.ts";

/** Whether a Microsoft app is configured: Teams is optional, and unchecked while it is off. */
export function microsoftConfigured(config: Config): boolean {
  return config.microsoft.userApp !== undefined || config.microsoft.orgApp !== undefined;
}

/**
 * The configured Microsoft answers: the identity platform (its sign-in metadata, public) and
 * Graph (`/v1.0/me`, which answers 401 without a token).
 */
export async function checkMicrosoftReachability(config: Config): Promise<CheckResult> {
  const microsoft = config.microsoft;
  return checkProviderReachability({
    check: "microsoft",
    provider: "Microsoft",
    statusPage: "https://status.cloud.microsoft",
    requestTimeoutMs: microsoft.requestTimeoutMs,
    targets: [
      {
        variable: "MICROSOFT_AUTHORITY_URL",
        base: microsoft.authorityBaseUrl,
        url: `${microsoft.authorityBaseUrl}/common/v2.0/.well-known/openid-configuration`,
      },
      {
        variable: "MICROSOFT_GRAPH_URL",
        base: microsoft.graphBaseUrl,
        url: `${microsoft.graphBaseUrl}/v1.0/me`,
      },
    ],
  });
}
