/**
 * JSON bodies are parsed by the sandbox itself so that a broken body reaches the route, which
 * answers in its own surface's words (Graph's error body, the control API's plain sentence)
 * instead of with the web framework's own error.
 */
import type { FastifyInstance } from "fastify";

export class UnparsableBody {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

export function parseJsonBodiesLeniently(server: FastifyInstance): void {
  server.removeContentTypeParser("application/json");
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, new UnparsableBody(text));
    }
  });
}

/** A body that arrived as a JSON object. */
export function isJsonObject(body: unknown): body is Record<string, unknown> {
  return (
    body !== null &&
    typeof body === "object" &&
    !Array.isArray(body) &&
    !(body instanceof UnparsableBody)
  );
}
