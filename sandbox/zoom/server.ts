/**
 * The sandbox's HTTP server: Zoom's OAuth and REST surfaces, the web pages a person sees at Zoom
 * (Marketplace, meeting links), and the control API.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { registerClockRoutes } from "../common/clock-routes.ts";
import { ControlError } from "../common/control-input.ts";
import { pathOf } from "../common/fault-injection.ts";
import { createSandboxServer } from "../common/http-server.ts";
import { registerMeetingsRoutes } from "./api/meetings-routes.ts";
import { registerUsersRoutes } from "./api/users-routes.ts";
import { bodyIsNotJsonObject, ZoomApiError } from "./api/zoom-error.ts";
import { callerOf } from "./call-log.ts";
import { zoomTime } from "./clock.ts";
import { registerFaultRoutes } from "./control/fault-routes.ts";
import { registerObservationRoutes } from "./control/observation-routes.ts";
import { registerResetRoute } from "./control/reset-route.ts";
import { registerSetupRoutes } from "./control/setup-routes.ts";
import { registerZoomUiRoutes } from "./control/zoom-ui-routes.ts";
import { isZoomPath, registerFaultInjection } from "./fault-injection.ts";
import { registerAuthorizeRoutes } from "./oauth/authorize-routes.ts";
import { OAuthError } from "./oauth/oauth-error.ts";
import { registerRevokeEndpoint } from "./oauth/revoke-endpoint.ts";
import { registerTokenEndpoint } from "./oauth/token-endpoint.ts";
import type { SandboxContext } from "./sandbox-context.ts";
import { registerMarketplaceRoutes } from "./ui/marketplace-routes.ts";
import { registerMeetingLinkRoutes } from "./ui/meeting-link-routes.ts";
import { registerSignInRoutes } from "./ui/sign-in-routes.ts";

function replyToError(error: FastifyError | Error, path: string) {
  if (error instanceof ZoomApiError)
    return { status: error.status, body: error.body(), headers: error.headers };
  if (error instanceof OAuthError) return { status: error.status, body: error.body(), headers: {} };
  if (error instanceof ControlError)
    return { status: error.status, body: { error: error.message }, headers: {} };
  const status =
    "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 500) console.error("zoom sandbox: unexpected error", error);
  if (path.startsWith("/v2/")) {
    // Bodies the framework cannot read (wrong content type, too large) are Zoom's code 300.
    const zoomError =
      status < 500 ? bodyIsNotJsonObject() : new ZoomApiError(500, 500, "Internal Error");
    return { status: zoomError.status, body: zoomError.body(), headers: {} };
  }
  if (path.startsWith("/oauth/")) {
    return {
      status,
      body: { reason: error.message, error: status < 500 ? "invalid_request" : "server_error" },
      headers: {},
    };
  }
  return { status, body: { error: error.message }, headers: {} };
}

export async function buildSandboxServer(context: SandboxContext): Promise<FastifyInstance> {
  // A broken JSON body reaches the route, which answers as Zoom does (code 300, "Request Body
  // should be a valid JSON object.").
  const server = await createSandboxServer();

  const faultAppliedTo = registerFaultInjection(server, context);

  server.addHook("onSend", async (request, reply, payload) => {
    const path = pathOf(request.url);
    if (!isZoomPath(path)) return payload;
    const fault = faultAppliedTo(request);
    context.calls.record({
      method: request.method,
      path,
      query: request.url.slice(path.length + 1),
      status: fault === "dropped" ? null : reply.statusCode,
      ...callerOf(request),
      fault,
      rate_limit_type: (reply.getHeader("x-ratelimit-type") as string | undefined) ?? null,
      time: zoomTime(context.clock.now()),
    });
    return payload;
  });

  // Every change of state comes from a request that is not a GET (or HEAD): those are the ones
  // a saved state must follow.
  server.addHook("onResponse", async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") context.onStateChange?.();
  });

  server.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const { status, body, headers } = replyToError(error, pathOf(request.url));
    return reply.code(status).headers(headers).send(body);
  });

  server.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith("/v2/")) return reply.code(404).send({ code: 404, message: "Not Found" });
    return reply.code(404).send({ error: `nothing at ${request.method} ${path}` });
  });

  registerAuthorizeRoutes(server, context);
  registerTokenEndpoint(server, context);
  registerRevokeEndpoint(server, context);
  registerUsersRoutes(server, context);
  registerMeetingsRoutes(server, context);

  registerSignInRoutes(server, context);
  registerMarketplaceRoutes(server, context);
  registerMeetingLinkRoutes(server, context);

  registerSetupRoutes(server, context);
  // Tokens, codes, page tokens and daily limits follow the clock; webhook retries fall due by it,
  // so moving it may release some.
  registerClockRoutes(server, context.clock, () => context.webhooks.runDueRetries());
  registerFaultRoutes(server, context);
  registerObservationRoutes(server, context);
  registerZoomUiRoutes(server, context);
  registerResetRoute(server, context);
  return server;
}
