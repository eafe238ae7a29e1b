/** `POST /oauth/revoke` (zoom.md item 5): ends the whole grant the token belongs to. */
import type { FastifyInstance } from "fastify";
import { oauthParameters } from "../../common/oauth-parameters.ts";
import { noteCaller } from "../call-log.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { authenticateClient } from "./client-authentication.ts";
import { OAuthError } from "./oauth-error.ts";

export function registerRevokeEndpoint(app: FastifyInstance, context: SandboxContext): void {
  app.post("/oauth/revoke", async (request, reply) => {
    const client = authenticateClient(context.state, request.headers.authorization);
    noteCaller(request, { client_id: client.client_id });
    const token = oauthParameters(request).token ?? "";
    const { state } = context;
    const grantId = (state.accessTokens.get(token) ?? state.refreshTokens.get(token))?.grant_id;
    const grant = grantId === undefined ? undefined : state.grants.get(grantId);
    if (grant === undefined || grant.revoked || grant.client_id !== client.client_id) {
      throw new OAuthError(400, "invalid_request", "Invalid Token!");
    }
    grant.revoked = true;
    noteCaller(request, { user_email: state.users.get(grant.user_id)?.email ?? null });
    return reply.code(200).send({ status: "success" });
  });
}
