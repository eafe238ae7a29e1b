/**
 * The apps a Zoom user sees under Marketplace → Manage → Installed Apps: those they authorized
 * themselves (user-managed), and, for an account's owner or admins, those authorized for the
 * whole account (admin-managed). Members do not see, and cannot remove, account-wide apps.
 */
import type { App, Grant, SandboxState, User } from "../state.ts";

export interface InstalledApp {
  app: App;
  grant: Grant;
  /** Who authorized it: the user, or an admin of their account. */
  addedBy: User | undefined;
}

export function installedApps(state: SandboxState, user: User): InstalledApp[] {
  const found = new Map<string, InstalledApp>();
  for (const grant of state.grants.values()) {
    const app = state.apps.get(grant.client_id);
    if (grant.revoked || app === undefined || !visibleTo(app, grant, user)) continue;
    const earlier = found.get(app.client_id);
    if (earlier !== undefined && earlier.grant.created_at > grant.created_at) continue;
    found.set(app.client_id, { app, grant, addedBy: state.users.get(grant.user_id) });
  }
  return [...found.values()].sort((a, b) => a.app.name.localeCompare(b.app.name));
}

export function installedApp(
  state: SandboxState,
  user: User,
  clientId: string,
): InstalledApp | undefined {
  return installedApps(state, user).find((installed) => installed.app.client_id === clientId);
}

function visibleTo(app: App, grant: Grant, user: User): boolean {
  if (app.kind === "user") return grant.user_id === user.id;
  return grant.account_id === user.account_id && user.role !== "member";
}
