import http from "node:http";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { metricsContentType, metricsText } from "./metrics-text.ts";
import { scrapeAllowed } from "./scrape-authorization.ts";

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * /metrics on a port of its own (CONFAB_METRICS_PORT), for every role: the only way to scrape a
 * worker-only process, and a way to keep metrics off a web port that faces the internet. Plain
 * node:http, as it answers one path and nothing else.
 */
export async function startMetricsServer(options: {
  db: Kysely<Schema>;
  host: string;
  port: number;
  token: string | undefined;
}): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (path !== "/metrics" || (request.method !== "GET" && request.method !== "HEAD")) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      response.end("Only GET /metrics is served here.\n");
      return;
    }
    if (!scrapeAllowed(request.headers.authorization, options.token)) {
      response.writeHead(401, {
        "content-type": "text/plain; charset=utf-8",
        "www-authenticate": 'Bearer realm="metrics"',
      });
      response.end("Send the metrics token (CONFAB_METRICS_TOKEN) as a bearer token.\n");
      return;
    }
    metricsText(options.db).then(
      (text) => {
        response.writeHead(200, {
          "content-type": metricsContentType,
          "cache-control": "no-store",
        });
        response.end(request.method === "HEAD" ? undefined : text);
      },
      () => {
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        response.end("The metrics could not be gathered.\n");
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as { port: number };
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () =>
      new Promise((resolve) => {
        // Scrapers keep connections open; closing must not wait for them.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
