/**
 * Removing an app from a Zoom user or account (zoom.md item 25), whether it is done in the
 * Marketplace's Manage → Installed Apps → Uninstall or through the control API: the grant's
 * tokens stop working and the app is told with a signed `app_deauthorized` webhook.
 */
import { revokeGrantsFor } from "../oauth/grants.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { App, User } from "../state.ts";
import { appDeauthorizedEvent } from "../webhooks/app-deauthorized.ts";

export async function deauthorizeApp(context: SandboxContext, app: App, user: User) {
  const revoked = revokeGrantsFor(context, app, user);
  const webhook = await context.webhooks.send(
    app,
    appDeauthorizedEvent(app, user, context.clock.now()),
  );
  return { revokedGrants: revoked.length, webhook: webhook ?? null };
}
