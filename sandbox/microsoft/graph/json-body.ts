/**
 * JSON bodies of the Graph routes are parsed here so that a broken body is answered as Graph
 * answers it — 400 BadRequest "Unable to read JSON request payload. Please ensure Content-Type
 * header is set and payload is of valid JSON format." — instead of with the web framework's
 * own error. Only the routes of this folder's scope use it.
 */
import type { FastifyInstance } from "fastify";
import { badRequest } from "./graph-error.ts";

export function parseGraphJson(scope: FastifyInstance): void {
  scope.removeContentTypeParser("application/json");
  scope.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        badRequest(
          "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
        ),
        undefined,
      );
    }
  });
}
