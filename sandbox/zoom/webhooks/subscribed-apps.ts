import type { App, SandboxState, User } from "../state.ts";

/**
 * The apps that hear about a host's meetings: a user-managed app authorized by
 * that host, or an admin-managed app authorized for the host's account.
 */
export function appsSubscribedTo(state: SandboxState, host: User): App[] {
  const apps = new Map<string, App>();
  for (const grant of state.grants.values()) {
    if (grant.revoked) continue;
    const app = state.apps.get(grant.client_id);
    if (app === undefined || app.webhook_url === null) continue;
    const covers =
      app.kind === "user" ? grant.user_id === host.id : grant.account_id === host.account_id;
    if (covers) apps.set(app.client_id, app);
  }
  return [...apps.values()];
}
