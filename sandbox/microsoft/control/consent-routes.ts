/**
 * Control API: the consents Microsoft keeps, to read and to take back as a person would in My
 * Apps (a user removes an app) or in Enterprise applications (an admin deletes it from the
 * tenant). The removals run the same code as those pages.
 */
import type { FastifyInstance } from "fastify";
import { ControlError } from "../../common/control-input.ts";
import { deleteServicePrincipal, removeUserConsent } from "../oauth/grants.ts";
import type { SandboxContext } from "../sandbox-context.ts";

export function registerConsentRoutes(server: FastifyInstance, context: SandboxContext): void {
  const { state } = context;

  server.get("/_sandbox/consents", async () => ({
    enterprise_apps: [...state.servicePrincipals.values()],
    user_grants: [...state.delegatedGrants.values()],
  }));

  server.delete<{ Params: { userId: string; clientId: string } }>(
    "/_sandbox/users/:userId/consents/:clientId",
    async (request) => {
      const user = state.users.get(request.params.userId);
      if (user === undefined)
        throw new ControlError(404, `no user with id ${request.params.userId}`);
      return removeUserConsent(context, request.params.clientId, user);
    },
  );

  server.delete<{ Params: { tenantId: string; clientId: string } }>(
    "/_sandbox/tenants/:tenantId/enterprise-apps/:clientId",
    async (request) => {
      if (!state.tenants.has(request.params.tenantId)) {
        throw new ControlError(404, `no tenant with id ${request.params.tenantId}`);
      }
      return deleteServicePrincipal(context, request.params.tenantId, request.params.clientId);
    },
  );
}
