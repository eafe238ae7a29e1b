import type { Environment } from "../config.ts";

/**
 * What every provider's settings are read with: where the provider is, an app registration's
 * pair of credentials, and how long one call may take. Each provider names its own variables.
 */

/** An http(s) URL without its trailing slash; the fallback, with a problem noted, otherwise. */
export function readServiceUrl(
  env: Environment,
  name: string,
  fallback: string,
  problems: string[],
): string {
  const value = env[name]?.trim() || fallback;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new Error("scheme");
    return parsed.href.replace(/\/$/, "");
  } catch {
    problems.push(`${name} must be an http(s) URL (got "${value}")`);
    return fallback;
  }
}

/** `${prefix}_CLIENT_ID` and `${prefix}_CLIENT_SECRET`: both or neither. */
export function readAppCredentials(
  env: Environment,
  prefix: string,
  problems: string[],
): { clientId: string; clientSecret: string } | undefined {
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
}

/** Milliseconds from 100 to 120000, 10000 unless set. */
export function readCallTimeout(env: Environment, name: string, problems: string[]): number {
  const timeout = env[name]?.trim() || "10000";
  if (!/^\d+$/.test(timeout) || Number(timeout) < 100 || Number(timeout) > 120_000) {
    problems.push(`${name} must be a whole number of milliseconds from 100 to 120000`);
  }
  return Number(timeout) || 10_000;
}
