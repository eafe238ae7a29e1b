/**
 * Applies injected faults (faults.ts) to identity-platform and Graph calls: before the work for
 * an error, latency or a timeout, after it for `drop_after_success`.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type Call, callerOf } from "./call-log.ts";
import { isoSeconds } from "./clock.ts";
import type { Fault } from "./faults.ts";
import { GraphError } from "./graph/graph-error.ts";
import { graphErrorBody } from "./request-id.ts";
import type { SandboxContext } from "./sandbox-context.ts";

const active = new WeakMap<FastifyRequest, Fault>();
const applied = new WeakMap<FastifyRequest, NonNullable<Call["fault"]>>();

export function pathOf(url: string): string {
  return url.split("?")[0] ?? url;
}

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

/** Which injected fault shaped a reply, for the call log. */
export function faultAppliedTo(request: FastifyRequest): Call["fault"] {
  return applied.get(request) ?? null;
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

function shapeFailure(
  context: SandboxContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fault: Fault,
): string {
  const status = fault.status ?? 500;
  const message = fault.message ?? STATUS_CODES[status] ?? "Error";
  reply.code(status);
  reply.header("content-type", "application/json; charset=utf-8");
  for (const [name, value] of Object.entries(fault.headers ?? {})) reply.header(name, value);
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

export function registerFaultInjection(server: FastifyInstance, context: SandboxContext): void {
  server.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request.url);
    if (!isMicrosoftPath(path)) return;
    const fault = context.faults.take(request.method, path);
    if (fault === undefined) return;
    active.set(request, fault);
    if ((fault.delay_ms ?? 0) > 0) {
      applied.set(request, "delay");
      await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    }
    if (fault.timeout === true) {
      // Nothing is done and nothing is sent: the client's own timeout ends the call (or the
      // sandbox closing does). It is logged now, since no reply will ever be.
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
      return;
    }
    if (fault.drop_after_success === true) return;
    if (fault.status !== undefined) {
      applied.set(request, "status");
      reply.send(shapeFailure(context, request, reply, fault));
      return reply;
    }
  });

  server.addHook("onSend", async (request, reply, payload) => {
    const fault = active.get(request);
    if (fault?.drop_after_success !== true || reply.statusCode >= 400) return payload;
    if (!context.faults.consume(fault)) return payload;
    if (fault.status !== undefined) {
      applied.set(request, "status");
      return shapeFailure(context, request, reply, fault);
    }
    // The work is done; the client just never hears about it.
    applied.set(request, "dropped");
    request.raw.socket.destroy();
    return payload;
  });
}
