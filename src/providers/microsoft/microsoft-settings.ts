import type { Environment } from "../../config.ts";

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
  const url = (name: string, fallback: string) => {
    const value = env[name]?.trim() || fallback;
    try {
      const parsed = new URL(value);
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
      return parsed.href.replace(/\/$/, "");
    } catch {
      problems.push(`${name} must be an http(s) URL (got "${value}")`);
      return fallback;
    }
  };
  const app = (prefix: "MICROSOFT_USER" | "MICROSOFT_ORG"): MicrosoftApp | undefined => {
    const clientId = env[`${prefix}_CLIENT_ID`]?.trim();
    const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim();
    if (!clientId && !clientSecret) return undefined;
    if (!clientId || !clientSecret) {
      problems.push(
        `${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET go together: set both or neither`,
      );
      return undefined;
    }
    return { clientId, clientSecret };
  };
  const timeout = env.MICROSOFT_TIMEOUT_MS?.trim() || "10000";
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 120_000) {
    problems.push("MICROSOFT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 120000");
  }
  return {
    authorityBaseUrl: url("MICROSOFT_AUTHORITY_URL", "https://login.microsoftonline.com"),
    graphBaseUrl: url("MICROSOFT_GRAPH_URL", "https://graph.microsoft.com"),
    userApp: app("MICROSOFT_USER"),
    orgApp: app("MICROSOFT_ORG"),
    requestTimeoutMs: Number(timeout) || 10_000,
  };
}
