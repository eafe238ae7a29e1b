/** OAuth parameters as providers read them: from the query string and, for a POST, the form. */
import type { FastifyRequest } from "fastify";

export function oauthParameters(request: FastifyRequest): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const source of [request.query, request.body]) {
    if (source === null || typeof source !== "object") continue;
    for (const [key, value] of Object.entries(source)) {
      if (typeof value === "string") merged[key] = value;
    }
  }
  return merged;
}
