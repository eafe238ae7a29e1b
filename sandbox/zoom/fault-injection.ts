/**
 * Applies injected faults (faults.ts) to REST and OAuth calls: before the work
 * for an error, XML or latency, after it for `drop_after_success`.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Call } from "./call-log.ts";
import { escapeHtml } from "./escape-html.ts";
import type { Fault } from "./faults.ts";
import type { SandboxContext } from "./sandbox-context.ts";

const active = new WeakMap<FastifyRequest, Fault>();
const applied = new WeakMap<FastifyRequest, NonNullable<Call["fault"]>>();

export function isZoomPath(path: string): boolean {
  return path.startsWith("/v2/") || path.startsWith("/oauth/");
}

export function pathOf(url: string): string {
  return url.split("?")[0] ?? url;
}

/** Which injected fault shaped a reply, for the call log. */
export function faultAppliedTo(request: FastifyRequest): Call["fault"] {
  return applied.get(request) ?? null;
}

function failureBody(fault: Fault, path: string, status: number): string {
  const message = fault.message ?? STATUS_CODES[status] ?? "Error";
  const code = fault.zoom_code ?? status;
  if (fault.xml === true) {
    // Zoom's gateways sometimes answer in XML (zoom.md item 18).
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error><code>${code}</code><message>${escapeHtml(message)}</message></error>`;
  }
  if (path.startsWith("/oauth/")) return JSON.stringify({ reason: message, error: "server_error" });
  return JSON.stringify({ code, message });
}

function shapeFailure(reply: FastifyReply, fault: Fault, path: string): string {
  const status = fault.status ?? 500;
  reply.code(status);
  reply.header(
    "content-type",
    fault.xml === true ? "application/xml;charset=UTF-8" : "application/json;charset=UTF-8",
  );
  for (const [name, value] of Object.entries(fault.headers ?? {})) reply.header(name, value);
  return failureBody(fault, path, status);
}

export function registerFaultInjection(server: FastifyInstance, context: SandboxContext): void {
  server.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request.url);
    if (!isZoomPath(path)) return;
    const fault = context.faults.take(request.method, path);
    if (fault === undefined) return;
    active.set(request, fault);
    if ((fault.delay_ms ?? 0) > 0) {
      applied.set(request, "delay");
      await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    }
    if (fault.drop_after_success === true) return;
    if (fault.status !== undefined || fault.xml === true) {
      applied.set(request, fault.xml === true ? "xml" : "status");
      reply.send(shapeFailure(reply, fault, path));
      return reply;
    }
  });

  server.addHook("onSend", async (request, reply, payload) => {
    const fault = active.get(request);
    if (fault?.drop_after_success !== true || reply.statusCode >= 400) return payload;
    if (!context.faults.consume(fault)) return payload;
    if (fault.status !== undefined || fault.xml === true) {
      applied.set(request, fault.xml === true ? "xml" : "status");
      return shapeFailure(reply, fault, pathOf(request.url));
    }
    // The work is done; the client just never hears about it.
    applied.set(request, "dropped");
    request.raw.socket.destroy();
    return payload;
  });
}
