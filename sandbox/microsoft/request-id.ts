/**
 * Graph gives every request an id (`request-id` header and `innerError`) and echoes the client's
 * `client-request-id`; so does the sandbox, and its error bodies carry both.
 */
import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { GraphError } from "./graph/graph-error.ts";

const ids = new WeakMap<object, string>();

export function requestIdOf(request: FastifyRequest): string {
  let id = ids.get(request);
  if (id === undefined) {
    id = randomUUID();
    ids.set(request, id);
  }
  return id;
}

export function clientRequestIdOf(request: FastifyRequest): string | undefined {
  const header = request.headers["client-request-id"];
  return Array.isArray(header) ? header[0] : header;
}

/** Graph's `innerError.date`: UTC without a zone designator or milliseconds. */
function graphDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

export function graphErrorBody(error: GraphError, request: FastifyRequest, now: number) {
  const clientRequestId = clientRequestIdOf(request);
  return error.body({
    date: graphDate(now),
    requestId: requestIdOf(request),
    ...(clientRequestId === undefined ? {} : { clientRequestId }),
  });
}
