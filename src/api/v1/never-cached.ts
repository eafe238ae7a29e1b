import type { FastifyInstance } from "fastify";

/**
 * No browser or proxy may keep these routes' replies (RFC 6749 §5.1 for tokens; hosted and
 * relink links are credentials too). Set before anything can fail, so that error replies carry
 * the headers as well.
 */
export function neverCached(app: FastifyInstance): void {
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("cache-control", "no-store");
    reply.header("pragma", "no-cache");
  });
}
