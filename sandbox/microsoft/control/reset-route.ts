import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { resetState } from "../state.ts";

/** Control API: back to an empty sandbox (the consumers tenant only), clock and Graph included. */
export function registerResetRoute(server: FastifyInstance, context: SandboxContext): void {
  server.post("/_sandbox/reset", async () => {
    resetState(context.state);
    context.graph?.reset();
    context.clock.reset();
    context.calls.clear();
    context.faults.clear();
    return { reset: true };
  });
}
