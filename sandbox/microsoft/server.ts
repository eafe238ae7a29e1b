/**
 * The sandbox's HTTP server: the Microsoft identity platform (authorize, token, admin consent),
 * Microsoft Graph (users here, calendars and meetings in graph/), the pages a person sees at
 * Microsoft (sign-in, My Apps, Enterprise applications), and the control API.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import { isoSeconds } from "../common/clock.ts";
import { registerClockRoutes } from "../common/clock-routes.ts";
import { ControlError } from "../common/control-input.ts";
import { pathOf } from "../common/fault-injection.ts";
import { createSandboxServer } from "../common/http-server.ts";
import { authenticateGraphCaller } from "./api/authenticate-caller.ts";
import { registerUsersRoutes } from "./api/users-routes.ts";
import { callerOf } from "./call-log.ts";
import { registerConsentRoutes } from "./control/consent-routes.ts";
import { registerFaultRoutes } from "./control/fault-routes.ts";
import { registerObservationRoutes } from "./control/observation-routes.ts";
import { registerResetRoute } from "./control/reset-route.ts";
import { registerSetupRoutes } from "./control/setup-routes.ts";
import { createDirectory } from "./directory.ts";
import { isGraphPath, isMicrosoftPath, registerFaultInjection } from "./fault-injection.ts";
import type { GraphRouteDeps } from "./graph/graph-caller.ts";
import { GraphError } from "./graph/graph-error.ts";
import { registerGraphRoutes } from "./graph/graph-routes.ts";
import { registerAdminConsentRoutes } from "./oauth/admin-consent-routes.ts";
import { registerAuthorizeRoutes } from "./oauth/authorize-routes.ts";
import { IdentityError } from "./oauth/identity-error.ts";
import { registerTokenEndpoint } from "./oauth/token-endpoint.ts";
import { clientRequestIdOf, graphErrorBody, requestIdOf } from "./request-id.ts";
import type { SandboxContext } from "./sandbox-context.ts";
import { registerAppRoutes } from "./ui/app-routes.ts";
import { registerSignInRoutes } from "./ui/sign-in-routes.ts";

function replyToError(
  context: SandboxContext,
  error: FastifyError | Error,
  request: FastifyRequest,
) {
  const now = context.clock.now();
  if (error instanceof GraphError) {
    return {
      status: error.status,
      body: graphErrorBody(error, request, now),
      headers: error.headers,
    };
  }
  if (error instanceof IdentityError)
    return { status: error.status, body: error.body(now), headers: {} };
  if (error instanceof ControlError) {
    return { status: error.status, body: { error: error.message }, headers: {} };
  }
  const status =
    "statusCode" in error && typeof error.statusCode === "number" ? error.statusCode : 500;
  if (status >= 500) console.error("microsoft sandbox: unexpected error", error);
  const path = pathOf(request.url);
  if (isGraphPath(path)) {
    // Bodies the framework cannot read (wrong content type, too large) are Graph's BadRequest.
    const graphError =
      status < 500
        ? new GraphError(status, "BadRequest", error.message)
        : new GraphError(500, "InternalServerError", "An internal server error occurred.");
    return {
      status: graphError.status,
      body: graphErrorBody(graphError, request, now),
      headers: {},
    };
  }
  if (isMicrosoftPath(path)) {
    const identityError =
      status < 500
        ? new IdentityError(400, "invalid_request", 900144, error.message)
        : new IdentityError(500, "server_error", 50000, "There was an error issuing a token.");
    return { status: identityError.status, body: identityError.body(now), headers: {} };
  }
  return { status, body: { error: error.message }, headers: {} };
}

function graphDeps(context: SandboxContext): GraphRouteDeps {
  return {
    authenticate: (headers) => authenticateGraphCaller(context, headers),
    directory: createDirectory(context),
    clock: { now: () => context.clock.now() },
    baseUrl: () => context.baseUrl,
    changed: () => context.onStateChange?.(),
  };
}

export async function buildSandboxServer(context: SandboxContext): Promise<FastifyInstance> {
  // A broken JSON body reaches the route, which answers in its own surface's words (Graph's
  // routes parse theirs in graph/json-body.ts; the control API answers in a plain sentence).
  const server = await createSandboxServer();

  const faultAppliedTo = registerFaultInjection(server, context);

  server.addHook("onSend", async (request, reply, payload) => {
    const path = pathOf(request.url);
    if (isGraphPath(path)) {
      reply.header("request-id", requestIdOf(request));
      const clientRequestId = clientRequestIdOf(request);
      if (clientRequestId !== undefined) reply.header("client-request-id", clientRequestId);
    }
    if (!isMicrosoftPath(path)) return payload;
    const fault = faultAppliedTo(request);
    context.calls.record({
      method: request.method,
      path,
      query: request.url.slice(path.length + 1),
      status: fault === "dropped" ? null : reply.statusCode,
      ...callerOf(request),
      fault,
      time: isoSeconds(context.clock.now()),
    });
    return payload;
  });

  // Changes come from requests that are not a GET, and from authorize GETs that issue a code
  // by single sign-on: those are the ones a saved state must follow.
  server.addHook("onResponse", async (request) => {
    const changing = request.method !== "GET" && request.method !== "HEAD";
    if (changing || isMicrosoftPath(pathOf(request.url))) context.onStateChange?.();
  });

  server.setErrorHandler((error: FastifyError | Error, request, reply) => {
    const { status, body, headers } = replyToError(context, error, request);
    return reply.code(status).headers(headers).send(body);
  });

  server.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    if (isGraphPath(path)) {
      const segment =
        path
          .split("/")
          .filter((part) => part !== "")
          .at(-1) ?? "";
      const error = new GraphError(
        400,
        "BadRequest",
        `Resource not found for the segment '${segment}'.`,
      );
      return reply.code(400).send(graphErrorBody(error, request, context.clock.now()));
    }
    return reply.code(404).send({ error: `nothing at ${request.method} ${path}` });
  });

  registerAuthorizeRoutes(server, context);
  registerTokenEndpoint(server, context);
  registerAdminConsentRoutes(server, context);
  registerUsersRoutes(server, context);
  context.graph = registerGraphRoutes(server, graphDeps(context));

  registerSignInRoutes(server, context);
  registerAppRoutes(server, context);

  registerSetupRoutes(server, context);
  registerConsentRoutes(server, context);
  // Codes, access and refresh tokens and Graph follow the clock; Graph's notification retries
  // fall due by it, so moving it may release some.
  registerClockRoutes(server, context.clock, async () => {
    await context.graph?.runDue();
  });
  registerFaultRoutes(server, context);
  registerObservationRoutes(server, context);
  registerResetRoute(server, context);
  return server;
}
