/**
 * Applies injected faults (faults.ts) to identity-platform and Graph calls, through the hooks
 * every sandbox shares (../common/fault-injection.ts): an error reply answers in Graph's error
 * body or the identity platform's, and a `timeout` fault leaves the call without any reply.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isoSeconds } from "../common/clock.ts";
import { pathOf, registerFaultInjection as register } from "../common/fault-injection.ts";
import { type Call, callerOf } from "./call-log.ts";
import type { Fault } from "./faults.ts";
import { GraphError } from "./graph/graph-error.ts";
import { graphErrorBody } from "./request-id.ts";
import type { SandboxContext } from "./sandbox-context.ts";

export function isGraphPath(path: string): boolean {
  return path.startsWith("/v1.0/");
}

/** Graph and the identity platform's endpoints: what the call log records and faults reach. */
export function isMicrosoftPath(path: string): boolean {
  return (
    isGraphPath(path) ||
    /^\/[^/]+\/oauth2\/v2\.0\/(authorize|token)$/.test(path) ||
    /^\/[^/]+(\/v2\.0)?\/adminconsent$/.test(path)
  );
}

/** Graph's codes for the statuses its services answer most (graph/errors). */
const GRAPH_CODES: Record<number, string> = {
  400: "BadRequest",
  401: "InvalidAuthenticationToken",
  403: "Forbidden",
  404: "NotFound",
  409: "Conflict",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceNotAvailable",
  504: "GatewayTimeout",
};

function failureBody(
  context: SandboxContext,
  request: FastifyRequest,
  fault: Fault,
  status: number,
): string {
  const message = fault.message ?? STATUS_CODES[status] ?? "Error";
  if (isGraphPath(pathOf(request.url))) {
    const error = new GraphError(
      status,
      fault.code ?? GRAPH_CODES[status] ?? "UnknownError",
      message,
    );
    return JSON.stringify(graphErrorBody(error, request, context.clock.now()));
  }
  const error = fault.code ?? (status >= 500 ? "temporarily_unavailable" : "invalid_request");
  return JSON.stringify({ error, error_description: message });
}

/**
 * Nothing is done and nothing is sent: the client's own timeout ends the call (or the sandbox
 * closing does). It is logged now, since no reply will ever be.
 */
function leaveUnanswered(
  context: SandboxContext,
  fault: Fault,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  if (fault.timeout !== true) return false;
  const path = pathOf(request.url);
  context.calls.record({
    method: request.method,
    path,
    query: request.url.slice(path.length + 1),
    status: null,
    ...callerOf(request),
    fault: "timeout",
    time: isoSeconds(context.clock.now()),
  });
  reply.hijack();
  return true;
}

/** Registers the hooks; returns which injected fault shaped a reply, for the call log. */
export function registerFaultInjection(
  server: FastifyInstance,
  context: SandboxContext,
): (request: FastifyRequest) => Call["fault"] {
  return register(server, {
    faults: context.faults,
    isProviderPath: isMicrosoftPath,
    failure: (fault, request, status) =>
      fault.status === undefined
        ? undefined
        : {
            kind: "status",
            contentType: "application/json; charset=utf-8",
            body: failureBody(context, request, fault, status),
          },
    leaveUnanswered: (fault, request, reply) => leaveUnanswered(context, fault, request, reply),
  });
}
