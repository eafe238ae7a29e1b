import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { resetState } from "../state.ts";

/** Control API: back to an empty sandbox, clock included, without restarting it. */
export function registerResetRoute(server: FastifyInstance, context: SandboxContext): void {
  server.post("/_sandbox/reset", async () => {
    resetState(context.state);
    context.clock.reset();
    context.calls.clear();
    context.faults.clear();
    context.limits.reset();
    context.webhooks.clear();
    return { reset: true };
  });
}
