import type { Environment } from "../../config.ts";
import { readAppCredentials, readCallTimeout, readServiceUrl } from "../provider-settings.ts";

export interface MicrosoftApp {
  clientId: string;
  clientSecret: string;
}

/**
 * Where Microsoft's identity platform and Graph are, and how confab is registered with them. The
 * sandbox stands in by these alone.
 */
export interface MicrosoftSettings {
  /** The identity platform's host; tenants and `/oauth2/v2.0/...` follow it. */
  authorityBaseUrl: string;
  /** Graph's host; `/v1.0/...` follows it. */
  graphBaseUrl: string;
  /** The app people consent to for their own Teams (delegated permissions). */
  userApp: MicrosoftApp | undefined;
  /** The app a tenant admin consents to for the whole organization (application permissions). */
  orgApp: MicrosoftApp | undefined;
  requestTimeoutMs: number;
}

export const microsoftConfigVariables = [
  ["MICROSOFT_AUTHORITY_URL", "https://login.microsoftonline.com", "Microsoft's identity platform"],
  ["MICROSOFT_GRAPH_URL", "https://graph.microsoft.com", "Microsoft Graph"],
  [
    "MICROSOFT_USER_CLIENT_ID",
    "(unset: personal Teams profiles off)",
    "the app registration people consent to for their own Teams",
  ],
  ["MICROSOFT_USER_CLIENT_SECRET", "(unset)", "its client secret"],
  [
    "MICROSOFT_ORG_CLIENT_ID",
    "(unset: organization Teams installs off)",
    "the app registration a tenant admin consents to for everyone",
  ],
  ["MICROSOFT_ORG_CLIENT_SECRET", "(unset)", "its client secret"],
  ["MICROSOFT_TIMEOUT_MS", "10000", "how long one call to Microsoft may take"],
] as const;

export function readMicrosoftSettings(env: Environment, problems: string[]): MicrosoftSettings {
  const app = (prefix: "MICROSOFT_USER" | "MICROSOFT_ORG"): MicrosoftApp | undefined =>
    readAppCredentials(env, prefix, problems);
  return {
    authorityBaseUrl: readServiceUrl(
      env,
      "MICROSOFT_AUTHORITY_URL",
      "https://login.microsoftonline.com",
      problems,
    ),
    graphBaseUrl: readServiceUrl(
      env,
      "MICROSOFT_GRAPH_URL",
      "https://graph.microsoft.com",
      problems,
    ),
    userApp: app("MICROSOFT_USER"),
    orgApp: app("MICROSOFT_ORG"),
    requestTimeoutMs: readCallTimeout(env, "MICROSOFT_TIMEOUT_MS", problems),
  };
}
