/**
 * Consent and the tokens it allows. A user's consent is a delegated grant for one app; an admin's
 * tenant-wide consent lives on the app's service principal in the tenant, with the application
 * permissions (app roles) it granted. Removing either ends the refresh tokens that relied on it;
 * access tokens already issued run until they expire, as Microsoft's do.
 */
import { newGuid, newSecret } from "../identifiers.ts";
import { graphScopes, scopeReply } from "../permissions.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import {
  type App,
  CONSUMERS_TENANT_ID,
  type DelegatedGrant,
  delegatedGrantKey,
  type ServicePrincipal,
  servicePrincipalKey,
  type User,
} from "../state.ts";
import { idToken } from "./id-token.ts";

export interface TokenReply {
  token_type: "Bearer";
  scope: string;
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

export function servicePrincipalOf(
  context: SandboxContext,
  tenantId: string,
  clientId: string,
): ServicePrincipal | undefined {
  return context.state.servicePrincipals.get(servicePrincipalKey(tenantId, clientId));
}

/** The first consent in a tenant adds the app there, as an enterprise application. */
export function ensureServicePrincipal(
  context: SandboxContext,
  tenantId: string,
  clientId: string,
): ServicePrincipal {
  const key = servicePrincipalKey(tenantId, clientId);
  const known = context.state.servicePrincipals.get(key);
  if (known !== undefined) return known;
  const created: ServicePrincipal = {
    id: newGuid(),
    client_id: clientId,
    tenant_id: tenantId,
    app_roles: [],
    tenant_wide_scopes: [],
    admin_consented_by: null,
    created_at: context.clock.now(),
  };
  context.state.servicePrincipals.set(key, created);
  return created;
}

export function delegatedGrantOf(
  context: SandboxContext,
  clientId: string,
  user: User,
): DelegatedGrant | undefined {
  return context.state.delegatedGrants.get(delegatedGrantKey(user.tenant_id, clientId, user.id));
}

/** What the user, or an admin for everyone in the tenant, has consented to for this app. */
export function consentedScopes(context: SandboxContext, clientId: string, user: User): string[] {
  const own = delegatedGrantOf(context, clientId, user)?.scopes ?? [];
  const tenantWide =
    servicePrincipalOf(context, user.tenant_id, clientId)?.tenant_wide_scopes ?? [];
  return [...new Set([...own, ...tenantWide])];
}

export function recordUserConsent(
  context: SandboxContext,
  app: App,
  user: User,
  scopes: string[],
): DelegatedGrant {
  if (user.tenant_id !== CONSUMERS_TENANT_ID) {
    ensureServicePrincipal(context, user.tenant_id, app.client_id);
  }
  const key = delegatedGrantKey(user.tenant_id, app.client_id, user.id);
  const known = context.state.delegatedGrants.get(key);
  if (known !== undefined) {
    known.scopes = [...new Set([...known.scopes, ...scopes])];
    return known;
  }
  const grant: DelegatedGrant = {
    id: newGuid(),
    client_id: app.client_id,
    tenant_id: user.tenant_id,
    user_id: user.id,
    scopes: [...scopes],
    created_at: context.clock.now(),
  };
  context.state.delegatedGrants.set(key, grant);
  return grant;
}

function revokeRefreshTokens(
  context: SandboxContext,
  matches: (token: { client_id: string; tenant_id: string; user_id: string }) => boolean,
): number {
  let revoked = 0;
  for (const token of context.state.refreshTokens.values()) {
    if (!token.revoked && matches(token)) {
      token.revoked = true;
      revoked += 1;
    }
  }
  return revoked;
}

/** My Apps → Remove: the user's own consent goes, and so do the app's refresh tokens for them. */
export function removeUserConsent(context: SandboxContext, clientId: string, user: User) {
  const key = delegatedGrantKey(user.tenant_id, clientId, user.id);
  const removed = context.state.delegatedGrants.delete(key);
  const revokedRefreshTokens = revokeRefreshTokens(
    context,
    (token) => token.client_id === clientId && token.user_id === user.id,
  );
  return { removed_grant: removed, revoked_refresh_tokens: revokedRefreshTokens };
}

/**
 * Enterprise applications → the app → Delete: the app leaves the tenant with every consent
 * given there, users' included; its refresh tokens there stop working, and app-only tokens can
 * no longer be obtained.
 */
export function deleteServicePrincipal(
  context: SandboxContext,
  tenantId: string,
  clientId: string,
) {
  const removed = context.state.servicePrincipals.delete(servicePrincipalKey(tenantId, clientId));
  let removedGrants = 0;
  for (const [key, grant] of context.state.delegatedGrants) {
    if (grant.tenant_id === tenantId && grant.client_id === clientId) {
      context.state.delegatedGrants.delete(key);
      removedGrants += 1;
    }
  }
  const revokedRefreshTokens = revokeRefreshTokens(
    context,
    (token) => token.client_id === clientId && token.tenant_id === tenantId,
  );
  return {
    removed_enterprise_app: removed,
    removed_user_grants: removedGrants,
    revoked_refresh_tokens: revokedRefreshTokens,
  };
}

function issueAccessToken(
  context: SandboxContext,
  input: { clientId: string; tenantId: string; userId: string | null; permissions: string[] },
): string {
  const token = newSecret(48);
  context.state.accessTokens.set(token, {
    token,
    client_id: input.clientId,
    tenant_id: input.tenantId,
    user_id: input.userId,
    permissions: input.permissions,
    expires_at: context.clock.now() + context.settings.accessTokenLifetimeSeconds * 1000,
  });
  return token;
}

/** Tokens for a user: a refresh token only with `offline_access`, an ID token only with `openid`. */
export function issueUserTokens(
  context: SandboxContext,
  input: { app: App; user: User; scopes: string[]; nonce: string | null },
): TokenReply {
  const { app, user, scopes } = input;
  const now = context.clock.now();
  const lifetime = context.settings.accessTokenLifetimeSeconds;
  const reply: TokenReply = {
    token_type: "Bearer",
    scope: scopeReply(scopes),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: issueAccessToken(context, {
      clientId: app.client_id,
      tenantId: user.tenant_id,
      userId: user.id,
      permissions: graphScopes(scopes),
    }),
  };
  if (scopes.includes("offline_access")) {
    const refreshToken = newSecret(64);
    context.state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      client_id: app.client_id,
      tenant_id: user.tenant_id,
      user_id: user.id,
      scopes: [...scopes],
      expires_at: now + context.settings.refreshTokenLifetimeSeconds * 1000,
      revoked: false,
    });
    reply.refresh_token = refreshToken;
  }
  if (scopes.includes("openid")) {
    reply.id_token = idToken({
      app,
      user,
      baseUrl: context.baseUrl,
      now,
      lifetimeSeconds: lifetime,
      nonce: input.nonce,
      scopes,
    });
  }
  return reply;
}

/** An app-only token carries the roles an admin of the tenant consented to, and no user. */
export function issueAppToken(context: SandboxContext, sp: ServicePrincipal) {
  const lifetime = context.settings.accessTokenLifetimeSeconds;
  return {
    token_type: "Bearer" as const,
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: issueAccessToken(context, {
      clientId: sp.client_id,
      tenantId: sp.tenant_id,
      userId: null,
      permissions: [...sp.app_roles],
    }),
  };
}
