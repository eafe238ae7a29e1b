/** Control API: time travel. Codes, access and refresh tokens and Graph all follow this clock. */
import type { FastifyInstance } from "fastify";
import type { SandboxContext } from "../sandbox-context.ts";
import { parseControlInput } from "./control-input.ts";

const clockSchema = {
  type: "object",
  minProperties: 1,
  additionalProperties: false,
  properties: {
    advance_seconds: { type: "number", minimum: 0 },
    frozen: { type: "boolean" },
  },
};

export function registerClockRoutes(server: FastifyInstance, context: SandboxContext): void {
  const now = () => ({
    now: new Date(context.clock.now()).toISOString(),
    frozen: context.clock.frozen,
  });

  server.get("/_sandbox/clock", async () => now());

  server.post("/_sandbox/clock", async (request) => {
    const input = parseControlInput<{ advance_seconds?: number; frozen?: boolean }>(
      clockSchema,
      request.body,
    );
    // Freezing first, then stepping: `{frozen: true, advance_seconds: 1}` lands on a known time.
    if (input.frozen !== undefined) context.clock.setFrozen(input.frozen);
    if (input.advance_seconds !== undefined) context.clock.advance(input.advance_seconds);
    // Graph's notification retries fall due by the sandbox clock, so moving it may release some.
    await context.graph?.runDue();
    return now();
  });
}
