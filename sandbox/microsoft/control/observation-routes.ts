/** Control API: the call log, what tests read back about what a client sent. */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";

export function registerObservationRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.get("/_sandbox/calls", async () => context.calls.list());

  server.delete("/_sandbox/calls", async (_request, reply) => {
    context.calls.clear();
    return reply.code(204).send();
  });
}
