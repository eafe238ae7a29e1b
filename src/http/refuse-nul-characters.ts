import type { FastifyInstance } from "fastify";
import { DomainError } from "../domain-error.ts";
import { deepestNesting } from "./refuse-deep-nesting.ts";

/** True when `value`, or any string inside it, holds U+0000. */
export function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  // Deeper bodies never get here: refuse-deep-nesting.ts refuses them first.
  if (depth > deepestNesting || value === null || typeof value !== "object") return false;
  return Object.entries(value).some(
    ([key, inner]) => key.includes("\u0000") || containsNul(inner, depth + 1),
  );
}

/**
 * PostgreSQL text cannot hold U+0000, so a NUL anywhere in a request would surface as a 500 from
 * deep inside a query. It is refused here, once for every route, before anything is written.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
      throw new DomainError(
        "invalid_input",
        "Text may not contain the NUL character (U+0000): remove it and try again.",
      );
    }
  });
}
