import type { FastifyRequest } from "fastify";

/** The identity platform reads its parameters from the query string and, for a POST, the form. */
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
