/**
 * Where people take access back. My Apps (`/myapps`, myapps.microsoft.com): a user removes the
 * permissions they gave an app. Enterprise applications (`/enterprise-apps`, the Entra admin
 * center): a tenant admin deletes an app from the organization, ending every consent given in it.
 * The control API's DELETE routes do exactly the same.
 */
import type { FastifyInstance } from "fastify";
import { showPage } from "../../common/show-page.ts";
import { deleteServicePrincipal, removeUserConsent } from "../oauth/grants.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";
import { enterpriseAppsPage, type ListedApp, myAppsPage } from "./app-pages.ts";
import { errorPage } from "./page.ts";
import { requireUser } from "./sign-in-routes.ts";

function ownApps(context: SandboxContext, user: User): ListedApp[] {
  const listed: ListedApp[] = [];
  for (const grant of context.state.delegatedGrants.values()) {
    const app = context.state.apps.get(grant.client_id);
    if (app !== undefined && grant.user_id === user.id)
      listed.push({ app, permissions: grant.scopes });
  }
  return listed.sort((a, b) => a.app.name.localeCompare(b.app.name));
}

function tenantApps(context: SandboxContext, tenantId: string): ListedApp[] {
  const listed: ListedApp[] = [];
  for (const sp of context.state.servicePrincipals.values()) {
    const app = context.state.apps.get(sp.client_id);
    if (app !== undefined && sp.tenant_id === tenantId) {
      listed.push({ app, permissions: [...sp.app_roles, ...sp.tenant_wide_scopes] });
    }
  }
  return listed.sort((a, b) => a.app.name.localeCompare(b.app.name));
}

export function registerAppRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get<{ Querystring: { removed?: string } }>("/myapps", async (request, reply) => {
    const user = requireUser(context, request, reply, "/myapps");
    if (user === undefined) return reply;
    const removed = context.state.apps.get(request.query.removed ?? "");
    const done = removed === undefined ? undefined : `${removed.name} no longer has access.`;
    return showPage(reply, 200, myAppsPage(user, ownApps(context, user), done));
  });

  server.post<{ Params: { clientId: string } }>(
    "/myapps/:clientId/remove",
    async (request, reply) => {
      const user = requireUser(context, request, reply, "/myapps");
      if (user === undefined) return reply;
      removeUserConsent(context, request.params.clientId, user);
      // A redirect, so reloading the list does not post the removal again.
      const query = new URLSearchParams({ removed: request.params.clientId });
      return reply.redirect(`/myapps?${query}`, 303);
    },
  );

  server.get<{ Querystring: { deleted?: string } }>("/enterprise-apps", async (request, reply) => {
    const user = requireUser(context, request, reply, "/enterprise-apps");
    if (user === undefined) return reply;
    if (user.admin_role === null) {
      return showPage(
        reply,
        403,
        errorPage(
          "You don't have access",
          "Enterprise applications can be managed by an administrator of your organization only.",
        ),
      );
    }
    const tenant = context.state.tenants.get(user.tenant_id);
    const deleted = context.state.apps.get(request.query.deleted ?? "");
    const done = deleted === undefined ? undefined : `${deleted.name} was deleted.`;
    return showPage(
      reply,
      200,
      enterpriseAppsPage(
        user,
        tenant?.display_name ?? user.tenant_id,
        tenantApps(context, user.tenant_id),
        done,
      ),
    );
  });

  server.post<{ Params: { clientId: string } }>(
    "/enterprise-apps/:clientId/delete",
    async (request, reply) => {
      const user = requireUser(context, request, reply, "/enterprise-apps");
      if (user === undefined) return reply;
      if (user.admin_role === null) {
        return showPage(
          reply,
          403,
          errorPage(
            "You don't have access",
            "Only an administrator of your organization can delete an enterprise application.",
          ),
        );
      }
      deleteServicePrincipal(context, user.tenant_id, request.params.clientId);
      const query = new URLSearchParams({ deleted: request.params.clientId });
      return reply.redirect(`/enterprise-apps?${query}`, 303);
    },
  );
}
