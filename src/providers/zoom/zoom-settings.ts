import type { Environment } from "../../config.ts";
import { readAppCredentials, readCallTimeout, readServiceUrl } from "../provider-settings.ts";

export interface ZoomApp {
  clientId: string;
  clientSecret: string;
  /** The Secret Token Zoom signs this app's webhooks with (each app has its own). */
  webhookSecret: string | undefined;
}

export type ZoomPlan = "free" | "pro" | "business";

/** Where Zoom is and how confab is registered with it. The sandbox stands in by these alone. */
export interface ZoomSettings {
  oauthBaseUrl: string;
  apiBaseUrl: string;
  /** The user-managed app: personal conferencing profiles. */
  userApp: ZoomApp | undefined;
  /** The admin-managed app: organization installs. */
  orgApp: ZoomApp | undefined;
  /** Sets the per-second budgets confab keeps under; Zoom does not tell an app the plan. */
  plan: ZoomPlan;
  requestTimeoutMs: number;
}

export const zoomConfigVariables = [
  ["ZOOM_OAUTH_BASE_URL", "https://zoom.us", "Zoom's OAuth server"],
  ["ZOOM_API_BASE_URL", "https://api.zoom.us/v2", "Zoom's REST API"],
  ["ZOOM_USER_CLIENT_ID", "(unset: personal profiles off)", "the user-managed Zoom app"],
  ["ZOOM_USER_CLIENT_SECRET", "(unset)", "its client secret"],
  ["ZOOM_ORG_CLIENT_ID", "(unset: organization installs off)", "the admin-managed Zoom app"],
  ["ZOOM_ORG_CLIENT_SECRET", "(unset)", "its client secret"],
  [
    "ZOOM_USER_WEBHOOK_SECRET",
    "(ZOOM_WEBHOOK_SECRET)",
    "the user-managed app's Secret Token, for its event subscriptions",
  ],
  [
    "ZOOM_ORG_WEBHOOK_SECRET",
    "(ZOOM_WEBHOOK_SECRET)",
    "the admin-managed app's Secret Token, for its event subscriptions",
  ],
  [
    "ZOOM_WEBHOOK_SECRET",
    "(unset: Zoom webhooks refused)",
    "the Secret Token of an app without one of its own above",
  ],
  ["ZOOM_ACCOUNT_PLAN", "pro", "free, pro or business: the per-second rate budgets to keep under"],
  ["ZOOM_TIMEOUT_MS", "10000", "how long one call to Zoom may take"],
] as const;

export function readZoomSettings(env: Environment, problems: string[]): ZoomSettings {
  const app = (prefix: "ZOOM_USER" | "ZOOM_ORG"): ZoomApp | undefined => {
    const credentials = readAppCredentials(env, prefix, problems);
    if (!credentials) return undefined;
    const webhookSecret =
      env[`${prefix}_WEBHOOK_SECRET`]?.trim() || env.ZOOM_WEBHOOK_SECRET?.trim() || undefined;
    return { ...credentials, webhookSecret };
  };
  const plan = (env.ZOOM_ACCOUNT_PLAN?.trim() || "pro") as ZoomPlan;
  if (!["free", "pro", "business"].includes(plan)) {
    problems.push(`ZOOM_ACCOUNT_PLAN must be free, pro or business (got "${plan}")`);
  }
  return {
    oauthBaseUrl: readServiceUrl(env, "ZOOM_OAUTH_BASE_URL", "https://zoom.us", problems),
    apiBaseUrl: readServiceUrl(env, "ZOOM_API_BASE_URL", "https://api.zoom.us/v2", problems),
    userApp: app("ZOOM_USER"),
    orgApp: app("ZOOM_ORG"),
    plan,
    requestTimeoutMs: readCallTimeout(env, "ZOOM_TIMEOUT_MS", problems),
  };
}
