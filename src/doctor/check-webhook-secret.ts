import type { Config } from "../config.ts";
import { type CheckResult, passed, problem } from "./doctor-check.ts";

/** Zoom's Secret Tokens are 22 characters; a much shorter value was most likely cut short. */
const plausibleLength = { min: 16, max: 128 };

/**
 * Without the secret, confab refuses every Zoom webhook, so an uninstall on Zoom's side and
 * meetings deleted in Zoom go unnoticed. It only matters once a Zoom app is configured.
 */
export function checkWebhookSecret(config: Config): CheckResult {
  const { userApp, orgApp } = config.zoom;
  const apps = [
    { app: userApp, variable: "ZOOM_USER_WEBHOOK_SECRET", name: "user-managed" },
    { app: orgApp, variable: "ZOOM_ORG_WEBHOOK_SECRET", name: "admin-managed" },
  ].filter((a) => a.app !== undefined);
  if (apps.length === 0) {
    return passed("webhook-secret", "not needed: no Zoom app is configured");
  }
  const missing = apps.filter((a) => a.app?.webhookSecret === undefined);
  if (missing.length > 0) {
    return problem(
      "webhook-secret",
      "fail",
      `no Secret Token for the ${missing.map((a) => a.name).join(" and the ")} Zoom app: its webhooks are refused, so uninstalls and meetings deleted in Zoom go unnoticed`,
      `copy each app's Secret Token from its Features → Access page into ${missing.map((a) => a.variable).join(" and ")} (or ZOOM_WEBHOOK_SECRET when one app is used)`,
    );
  }
  const odd = apps.find((a) => {
    const length = a.app?.webhookSecret?.length ?? 0;
    return length < plausibleLength.min || length > plausibleLength.max;
  });
  if (odd) {
    return problem(
      "webhook-secret",
      "warn",
      `the ${odd.name} app's Secret Token has ${odd.app?.webhookSecret?.length} characters, where Zoom's Secret Tokens have 22`,
      `copy the Secret Token again, whole, from the Zoom app's Features → Access page into ${odd.variable}`,
    );
  }
  return passed("webhook-secret", `set for the ${apps.map((a) => a.name).join(" and ")} app`);
}
