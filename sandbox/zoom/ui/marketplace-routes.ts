/**
 * The Marketplace a Zoom user signs in to: Manage → Installed Apps → the app → Uninstall, which
 * deauthorizes the app exactly as the control API's `POST /_sandbox/deauthorize` does.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { showPage } from "../../common/show-page.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import type { User } from "../state.ts";
import { deauthorizeApp } from "./deauthorize-app.ts";
import { installedApp, installedApps } from "./installed-apps.ts";
import {
  appPath,
  installedAppPage,
  installedAppsPage,
  managePage,
  marketplaceHomePage,
  notInstalledPage,
  uninstallConfirmationPage,
} from "./marketplace-pages.ts";
import { signedInUser } from "./sign-in-session.ts";

type AppRequest = FastifyRequest<{ Params: { clientId: string } }>;

export function registerMarketplaceRoutes(server: FastifyInstance, context: SandboxContext): void {
  /** The signed-in user, or undefined once the browser has been sent to sign in. */
  function requireUser(request: FastifyRequest, reply: FastifyReply, next: string) {
    const user = signedInUser(context, request);
    if (user === undefined) reply.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
    return user;
  }

  function withInstalledApp(
    request: AppRequest,
    reply: FastifyReply,
    render: (user: User, installed: NonNullable<ReturnType<typeof installedApp>>) => unknown,
  ) {
    const clientId = request.params.clientId;
    const user = requireUser(request, reply, appPath(clientId));
    if (user === undefined) return reply;
    const installed = installedApp(context.state, user, clientId);
    if (installed === undefined) return showPage(reply, 404, notInstalledPage());
    return render(user, installed);
  }

  server.get("/marketplace", async (request, reply) =>
    showPage(reply, 200, marketplaceHomePage(signedInUser(context, request))),
  );

  server.get("/marketplace/manage", async (request, reply) => {
    const user = requireUser(request, reply, "/marketplace/manage");
    if (user === undefined) return reply;
    return showPage(reply, 200, managePage(user));
  });

  server.get<{ Querystring: { uninstalled?: string } }>(
    "/marketplace/manage/installed",
    async (request, reply) => {
      const user = requireUser(request, reply, "/marketplace/manage/installed");
      if (user === undefined) return reply;
      const removed = context.state.apps.get(request.query.uninstalled ?? "");
      const notice = removed === undefined ? undefined : `${removed.name} was uninstalled.`;
      return showPage(
        reply,
        200,
        installedAppsPage(user, installedApps(context.state, user), notice),
      );
    },
  );

  server.get<{ Params: { clientId: string } }>(
    "/marketplace/manage/installed/:clientId",
    async (request, reply) =>
      withInstalledApp(request, reply, (_user, installed) =>
        showPage(reply, 200, installedAppPage(installed)),
      ),
  );

  server.get<{ Params: { clientId: string } }>(
    "/marketplace/manage/installed/:clientId/uninstall",
    async (request, reply) =>
      withInstalledApp(request, reply, (_user, installed) =>
        showPage(reply, 200, uninstallConfirmationPage(installed)),
      ),
  );

  server.post<{ Params: { clientId: string } }>(
    "/marketplace/manage/installed/:clientId/uninstall",
    async (request, reply) =>
      withInstalledApp(request, reply, async (user, installed) => {
        await deauthorizeApp(context, installed.app, user);
        // A redirect, so reloading the list does not post the uninstall again.
        const query = new URLSearchParams({ uninstalled: installed.app.client_id });
        return reply.redirect(`/marketplace/manage/installed?${query}`, 303);
      }),
  );
}
