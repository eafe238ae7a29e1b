/**
 * Applies injected faults (faults.ts) to a provider's own calls: before the work for an error,
 * latency or a request left unanswered, after it for `drop_after_success`. What an error reply
 * looks like is the provider's: the sandbox passes it in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Fault, FaultSpec, Faults } from "./faults.ts";

export function pathOf(url: string): string {
  return url.split("?")[0] ?? url;
}

/** An error reply in the provider's words. */
export interface FaultFailure<Kind extends string> {
  /** How the call log names the fault that shaped the reply. */
  kind: Kind;
  contentType: string;
  body: string;
}

export interface FaultInjection<Spec extends FaultSpec, Kind extends string> {
  faults: Faults<Spec>;
  /** The provider's own paths: the only ones faults reach. */
  isProviderPath(path: string): boolean;
  /** The error reply the fault gives, or undefined when it gives none (it only delays or drops). */
  failure(
    fault: Fault<Spec>,
    request: FastifyRequest,
    status: number,
  ): FaultFailure<Kind> | undefined;
  /** Takes over a request the fault leaves without any reply; true when it did. */
  leaveUnanswered?(fault: Fault<Spec>, request: FastifyRequest, reply: FastifyReply): boolean;
}

/** Which injected fault shaped a reply, for the call log. */
export type AppliedFault<Kind extends string> = Kind | "delay" | "dropped";

/** Registers the hooks; returns how to read, when a call is logged, which fault shaped it. */
export function registerFaultInjection<Spec extends FaultSpec, Kind extends string>(
  server: FastifyInstance,
  injection: FaultInjection<Spec, Kind>,
): (request: FastifyRequest) => AppliedFault<Kind> | null {
  const active = new WeakMap<FastifyRequest, Fault<Spec>>();
  const applied = new WeakMap<FastifyRequest, AppliedFault<Kind>>();

  const shapeFailure = (request: FastifyRequest, reply: FastifyReply, fault: Fault<Spec>) => {
    const status = fault.status ?? 500;
    const failure = injection.failure(fault, request, status);
    if (failure === undefined) return undefined;
    applied.set(request, failure.kind);
    reply.code(status);
    reply.header("content-type", failure.contentType);
    for (const [name, value] of Object.entries(fault.headers ?? {})) reply.header(name, value);
    return failure.body;
  };

  server.addHook("onRequest", async (request, reply) => {
    const path = pathOf(request.url);
    if (!injection.isProviderPath(path)) return;
    const fault = injection.faults.take(request.method, path);
    if (fault === undefined) return;
    active.set(request, fault);
    if ((fault.delay_ms ?? 0) > 0) {
      applied.set(request, "delay");
      await new Promise((resolve) => setTimeout(resolve, fault.delay_ms));
    }
    if (injection.leaveUnanswered?.(fault, request, reply) === true) return;
    if (fault.drop_after_success === true) return;
    const body = shapeFailure(request, reply, fault);
    if (body !== undefined) {
      reply.send(body);
      return reply;
    }
  });

  server.addHook("onSend", async (request, reply, payload) => {
    const fault = active.get(request);
    if (fault?.drop_after_success !== true || reply.statusCode >= 400) return payload;
    if (!injection.faults.consume(fault)) return payload;
    const body = shapeFailure(request, reply, fault);
    if (body !== undefined) return body;
    // The work is done; the client just never hears about it.
    applied.set(request, "dropped");
    request.raw.socket.destroy();
    return payload;
  });

  return (request) => applied.get(request) ?? null;
}
