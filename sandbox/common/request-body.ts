/**
 * JSON bodies are parsed by the sandbox itself so that a broken body is answered in the
 * provider's words (or, on the control API, in a plain sentence) instead of with the web
 * framework's own error.
 */
import type { FastifyInstance } from "fastify";

export class UnparsableBody {
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }
}

/**
 * An empty body reads as none. A broken one reaches the route as an `UnparsableBody`, or, given
 * `refuse`, fails with that error before any route sees it (the error handler answers).
 */
export function parseJsonBodiesLeniently(
  scope: FastifyInstance,
  refuse?: (text: string) => Error,
): void {
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
      if (refuse === undefined) done(null, new UnparsableBody(text));
      else done(refuse(text), undefined);
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
