/**
 * Grants and their tokens. A grant is one authorization of an app, by a user
 * (user-managed app) or for an account (admin-managed app); authorizing again
 * replaces it, so every earlier token stops working (zoom.md item 4).
 */
import { newSecret, newZoomId } from "../identifiers.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { App, Grant, User } from "../state.ts";

export interface TokenReply {
  access_token: string;
  token_type: "bearer";
  refresh_token: string;
  expires_in: number;
  scope: string;
  api_url: string;
}

function coversSameSubject(app: App, grant: Grant, user: User): boolean {
  if (grant.client_id !== app.client_id) return false;
  return app.kind === "admin" ? grant.account_id === user.account_id : grant.user_id === user.id;
}

export function replaceGrant(context: SandboxContext, app: App, user: User): Grant {
  for (const grant of context.state.grants.values()) {
    if (coversSameSubject(app, grant, user)) grant.revoked = true;
  }
  const grant: Grant = {
    id: newZoomId(),
    client_id: app.client_id,
    user_id: user.id,
    account_id: user.account_id,
    scopes: [...app.scopes],
    revoked: false,
    created_at: context.clock.now(),
  };
  context.state.grants.set(grant.id, grant);
  return grant;
}

export function issueTokens(context: SandboxContext, grant: Grant): TokenReply {
  const now = context.clock.now();
  const { settings, state } = context;
  const accessToken = newSecret(48);
  const refreshToken = newSecret(48);
  state.accessTokens.set(accessToken, {
    token: accessToken,
    grant_id: grant.id,
    expires_at: now + settings.accessTokenLifetimeSeconds * 1000,
  });
  state.refreshTokens.set(refreshToken, {
    token: refreshToken,
    grant_id: grant.id,
    expires_at: now + settings.refreshTokenLifetimeSeconds * 1000,
    used: false,
  });
  return {
    access_token: accessToken,
    token_type: "bearer",
    refresh_token: refreshToken,
    // Zoom announces one second less than the token really lives.
    expires_in: settings.accessTokenLifetimeSeconds - 1,
    scope: grant.scopes.join(" "),
    api_url: context.baseUrl,
  };
}

/** Revokes the grants an app holds for a user (user-managed) or their account (admin-managed). */
export function revokeGrantsFor(context: SandboxContext, app: App, user: User): Grant[] {
  const revoked: Grant[] = [];
  for (const grant of context.state.grants.values()) {
    if (!grant.revoked && coversSameSubject(app, grant, user)) {
      grant.revoked = true;
      revoked.push(grant);
    }
  }
  return revoked;
}
