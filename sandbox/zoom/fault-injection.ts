/**
 * Applies injected faults (faults.ts) to REST and OAuth calls, through the hooks every sandbox
 * shares (../common/fault-injection.ts): an error reply answers as Zoom does, in JSON or, for
 * `xml: true`, in the XML its gateways sometimes send.
 */
import { STATUS_CODES } from "node:http";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { escapeHtml } from "../common/escape-html.ts";
import {
  type FaultFailure,
  pathOf,
  registerFaultInjection as register,
} from "../common/fault-injection.ts";
import type { Call } from "./call-log.ts";
import type { Fault } from "./faults.ts";
import type { SandboxContext } from "./sandbox-context.ts";

export function isZoomPath(path: string): boolean {
  return path.startsWith("/v2/") || path.startsWith("/oauth/");
}

function failure(
  fault: Fault,
  path: string,
  status: number,
): FaultFailure<"status" | "xml"> | undefined {
  if (fault.status === undefined && fault.xml !== true) return undefined;
  const message = fault.message ?? STATUS_CODES[status] ?? "Error";
  const code = fault.zoom_code ?? status;
  if (fault.xml === true) {
    // Zoom's gateways sometimes answer in XML (zoom.md item 18).
    return {
      kind: "xml",
      contentType: "application/xml;charset=UTF-8",
      body: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><error><code>${code}</code><message>${escapeHtml(message)}</message></error>`,
    };
  }
  const body = path.startsWith("/oauth/")
    ? { reason: message, error: "server_error" }
    : { code, message };
  return {
    kind: "status",
    contentType: "application/json;charset=UTF-8",
    body: JSON.stringify(body),
  };
}

/** Registers the hooks; returns which injected fault shaped a reply, for the call log. */
export function registerFaultInjection(
  server: FastifyInstance,
  context: SandboxContext,
): (request: FastifyRequest) => Call["fault"] {
  return register(server, {
    faults: context.faults,
    isProviderPath: isZoomPath,
    failure: (fault, request, status) => failure(fault, pathOf(request.url), status),
  });
}
