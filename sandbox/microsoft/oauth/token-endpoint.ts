/**
 * `POST /{tenant}/oauth2/v2.0/token`: the authorization code (v2-oauth2-auth-code-flow), refresh
 * token (refresh-tokens) and client credentials (v2-oauth2-client-creds-grant-flow) grants.
 */
import type { FastifyInstance } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { verifierMatches } from "../../common/pkce.ts";
import { noteCaller } from "../call-log.ts";
import { GRAPH_APP_ID, GRAPH_RESOURCE, parseScopes } from "../permissions.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { App } from "../state.ts";
import { authenticateClient } from "./client-authentication.ts";
import { consentedScopes, issueAppToken, issueUserTokens, servicePrincipalOf } from "./grants.ts";
import {
  clientCredentialsNeedDefault,
  clientCredentialsNeedTenant,
  codeAlreadyRedeemed,
  codeExpired,
  consentMissing,
  invalidCode,
  malformedRefreshToken,
  missingParameter,
  missingServicePrincipal,
  redirectUriMismatch,
  refreshTokenExpired,
  refreshTokenRevoked,
  unknownTenant,
  unsupportedGrantType,
  verifierMismatch,
} from "./identity-error.ts";
import { resolveSegment, type Segment } from "./tenant-segment.ts";

function exchangeCode(context: SandboxContext, app: App, params: Record<string, string>) {
  if (params.code === undefined || params.code === "") throw missingParameter("code");
  const code = context.state.codes.get(params.code);
  if (code === undefined || code.client_id !== app.client_id) throw invalidCode();
  if (code.used) throw codeAlreadyRedeemed();
  if (code.expires_at <= context.clock.now()) throw codeExpired();
  const redirectUri = params.redirect_uri ?? "";
  if (redirectUri !== code.redirect_uri) throw redirectUriMismatch(redirectUri);
  if (!verifierMatches(code, params.code_verifier)) throw verifierMismatch();
  const user = context.state.users.get(code.user_id);
  if (user === undefined) throw invalidCode();
  // One use: Microsoft refuses a second redemption of the same code (AADSTS54005).
  code.used = true;
  return {
    user,
    tokens: issueUserTokens(context, { app, user, scopes: code.scopes, nonce: code.nonce }),
  };
}

function refresh(context: SandboxContext, app: App, params: Record<string, string>) {
  if (params.refresh_token === undefined || params.refresh_token === "") {
    throw missingParameter("refresh_token");
  }
  const stored = context.state.refreshTokens.get(params.refresh_token);
  if (stored === undefined || stored.client_id !== app.client_id) throw malformedRefreshToken();
  if (stored.revoked) throw refreshTokenRevoked();
  if (stored.expires_at <= context.clock.now()) throw refreshTokenExpired();
  const user = context.state.users.get(stored.user_id);
  if (user === undefined) throw refreshTokenRevoked();
  const granted = new Set(consentedScopes(context, app.client_id, user));
  const asked = params.scope === undefined ? stored.scopes : parseScopes(params.scope);
  const openIdOnes = new Set(stored.scopes);
  // Asking for more than was consented needs the user again.
  if (asked.some((scope) => !granted.has(scope) && !openIdOnes.has(scope))) {
    throw consentMissing(app.client_id, app.name);
  }
  // Rotation: every use gives a new refresh token. Microsoft does not revoke the one presented
  // (refresh-tokens, "Token lifetime"), so it stays usable until it expires or is revoked.
  return { user, tokens: issueUserTokens(context, { app, user, scopes: asked, nonce: null }) };
}

function clientCredentials(
  context: SandboxContext,
  app: App,
  segment: Segment,
  params: Record<string, string>,
) {
  const scope = (params.scope ?? "").trim();
  if (scope === "") throw missingParameter("scope");
  if (scope !== `${GRAPH_RESOURCE}/.default` && scope !== `${GRAPH_APP_ID}/.default`) {
    throw clientCredentialsNeedDefault(scope);
  }
  if (segment.kind !== "tenant") throw clientCredentialsNeedTenant(segment.name);
  const sp = servicePrincipalOf(context, segment.tenant.id, app.client_id);
  if (sp === undefined) throw missingServicePrincipal(app.client_id, segment.tenant.id);
  return issueAppToken(context, sp);
}

export function registerTokenEndpoint(server: FastifyInstance, context: SandboxContext): void {
  server.post<{ Params: { tenant: string } }>(
    "/:tenant/oauth2/v2.0/token",
    async (request, reply) => {
      const segment = resolveSegment(context.state, request.params.tenant);
      if (segment === undefined) throw unknownTenant(request.params.tenant);
      const params = oauthParameters(request);
      const app = authenticateClient(
        context.state,
        params,
        request.headers.authorization,
        request.params.tenant,
      );
      noteCaller(request, { client_id: app.client_id });
      const grantType = params.grant_type ?? "";
      if (grantType === "") throw missingParameter("grant_type");
      if (grantType === "client_credentials") {
        const tokens = clientCredentials(context, app, segment, params);
        if (segment.kind === "tenant") noteCaller(request, { tenant_id: segment.tenant.id });
        return reply.code(200).send(tokens);
      }
      let issued: ReturnType<typeof exchangeCode>;
      if (grantType === "authorization_code") issued = exchangeCode(context, app, params);
      else if (grantType === "refresh_token") issued = refresh(context, app, params);
      else throw unsupportedGrantType(grantType);
      noteCaller(request, {
        user: issued.user.user_principal_name,
        tenant_id: issued.user.tenant_id,
      });
      return reply.code(200).send(issued.tokens);
    },
  );
}
