/** Control API: time travel. Tokens, codes, page tokens and daily limits all follow this clock. */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { parseControlInput } from "./control-input.ts";

const advanceSchema = {
  type: "object",
  required: ["advance_seconds"],
  additionalProperties: false,
  properties: { advance_seconds: { type: "number", minimum: 0 } },
};

export function registerClockRoutes(server: FastifyInstance, context: SandboxContext): void {
  const now = () => ({ now: new Date(context.clock.now()).toISOString() });

  server.get("/_sandbox/clock", async () => now());

  server.post("/_sandbox/clock", async (request) => {
    const input = parseControlInput<{ advance_seconds: number }>(advanceSchema, request.body);
    context.clock.advance(input.advance_seconds);
    // Webhook retries fall due by the sandbox clock, so moving it may release some.
    await context.webhooks.runDueRetries();
    return now();
  });
}
