import http from "node:http";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { httpRequestDuration } from "./confab-metrics.ts";
import { metricsContentType, metricsText } from "./metrics-text.ts";
import { scrapeAllowed } from "./scrape-authorization.ts";

/**
 * Times every request by its route pattern (`/o/:org/manage`, never the URL itself) and status
 * class. Added on the root app before any route, so it sees them all, 404s included.
 */
export function measureHttpRequests(app: FastifyInstance): void {
  app.addHook("onResponse", async (request, reply) => {
    httpRequestDuration.observe(
      {
        method: http.METHODS.includes(request.method) ? request.method : "other",
        route: request.routeOptions.url ?? "unmatched",
        status_class: `${Math.floor(reply.statusCode / 100)}xx`,
      },
      reply.elapsedTime / 1000,
    );
  });
}

/** GET /metrics on the web port: Prometheus' text format, behind CONFAB_METRICS_TOKEN if set. */
export function metricsRoutes(db: Kysely<Schema>, token: string | undefined) {
  return async (app: FastifyInstance) => {
    app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
      reply.header("cache-control", "no-store");
      if (!scrapeAllowed(request.headers.authorization, token)) {
        return reply
          .status(401)
          .header("www-authenticate", 'Bearer realm="metrics"')
          .type("text/plain; charset=utf-8")
          .send("Send the metrics token (CONFAB_METRICS_TOKEN) as a bearer token.\n");
      }
      return reply.type(metricsContentType).send(await metricsText(db));
    });
  };
}
