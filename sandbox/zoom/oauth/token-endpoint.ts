/** `POST /oauth/token`: authorization code and refresh token grants (zoom.md items 2–4, 6). */
import type { FastifyInstance } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { verifierMatches } from "../../common/pkce.ts";
import { noteCaller } from "../call-log.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { App } from "../state.ts";
import { authenticateClient } from "./client-authentication.ts";
import { issueTokens, replaceGrant, type TokenReply } from "./grants.ts";
import { invalidAuthorizationCode, invalidToken, OAuthError } from "./oauth-error.ts";

function exchangeCode(
  context: SandboxContext,
  app: App,
  params: Record<string, string>,
): TokenReply {
  const given = params.code ?? "";
  const code = context.state.codes.get(given);
  if (
    code === undefined ||
    code.used ||
    code.client_id !== app.client_id ||
    code.expires_at <= context.clock.now()
  ) {
    throw invalidAuthorizationCode(given);
  }
  if (params.redirect_uri !== code.redirect_uri) {
    throw new OAuthError(400, "invalid_request", "Redirect URI mismatch.");
  }
  if (!verifierMatches(code, params.code_verifier)) {
    throw new OAuthError(400, "invalid_grant", "Invalid code_verifier.");
  }
  const user = context.state.users.get(code.user_id);
  if (user === undefined) throw invalidAuthorizationCode(given);
  code.used = true;
  return issueTokens(context, replaceGrant(context, app, user));
}

function refresh(context: SandboxContext, app: App, params: Record<string, string>): TokenReply {
  const stored = context.state.refreshTokens.get(params.refresh_token ?? "");
  const grant = stored && context.state.grants.get(stored.grant_id);
  if (
    stored === undefined ||
    grant === undefined ||
    stored.used ||
    grant.revoked ||
    grant.client_id !== app.client_id ||
    stored.expires_at <= context.clock.now()
  ) {
    throw invalidToken();
  }
  // Rotation: the presented refresh token dies the moment a new one exists.
  stored.used = true;
  return issueTokens(context, grant);
}

export function registerTokenEndpoint(app: FastifyInstance, context: SandboxContext): void {
  app.post("/oauth/token", async (request, reply) => {
    const client = authenticateClient(context.state, request.headers.authorization);
    noteCaller(request, { client_id: client.client_id });
    // Zoom's documentation shows the parameters in the query string; forms work too.
    const params = oauthParameters(request);
    let tokens: TokenReply;
    if (params.grant_type === "authorization_code") {
      tokens = exchangeCode(context, client, params);
    } else if (params.grant_type === "refresh_token") {
      tokens = refresh(context, client, params);
    } else if (params.grant_type === undefined || params.grant_type === "") {
      // Zoom's OAuth error table lists a missing grant type apart from an unsupported one.
      throw new OAuthError(400, "invalid_request", "Missing grant type.");
    } else {
      throw new OAuthError(400, "unsupported_grant_type", "Unsupported grant type");
    }
    const token = context.state.accessTokens.get(tokens.access_token);
    const grant = token && context.state.grants.get(token.grant_id);
    const user = grant && context.state.users.get(grant.user_id);
    noteCaller(request, { user_email: user?.email ?? null });
    return reply.code(200).send(tokens);
  });
}
