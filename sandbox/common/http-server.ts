/** The web server every HTTP sandbox starts from, and how it listens. */
import type { AddressInfo } from "node:net";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { parseJsonBodiesLeniently } from "./request-body.ts";

/** Forms and JSON are read; a broken JSON body reaches the route (see request-body.ts). */
export async function createSandboxServer(): Promise<FastifyInstance> {
  // Closing drops every connection at once: a client that gave up on a delayed reply must not
  // hold a test run (or a demo's shutdown) for the keep-alive timeout.
  const server = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  await server.register(formbody);
  parseJsonBodiesLeniently(server);
  return server;
}

/** Listens (on a free port and 127.0.0.1 unless told otherwise); returns the base URL. */
export async function listen(
  server: FastifyInstance,
  options: { port?: number; host?: string },
): Promise<string> {
  await server.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = server.server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
