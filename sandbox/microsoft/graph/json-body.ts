/**
 * JSON bodies of the Graph routes are parsed here so that a broken body is answered as Graph
 * answers it — 400 BadRequest "Unable to read JSON request payload. Please ensure Content-Type
 * header is set and payload is of valid JSON format." — instead of with the web framework's
 * own error. Only the routes of this folder's scope use it.
 */
import type { FastifyInstance } from "fastify";
import { parseJsonBodiesLeniently } from "../../common/request-body.ts";
import { badRequest } from "./graph-error.ts";

export function parseGraphJson(scope: FastifyInstance): void {
  parseJsonBodiesLeniently(scope, () =>
    badRequest(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    ),
  );
}
