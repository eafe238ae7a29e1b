/** Control API: time travel on a sandbox's clock (clock.ts). */
import type { FastifyInstance } from "fastify";
import type { Clock } from "./clock.ts";
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

/** `moved` runs after every change of the clock: work that falls due by it (retries) may be due. */
export function registerClockRoutes(
  server: FastifyInstance,
  clock: Clock,
  moved: () => Promise<void>,
): void {
  const now = () => ({ now: new Date(clock.now()).toISOString(), frozen: clock.frozen });

  server.get("/_sandbox/clock", async () => now());

  server.post("/_sandbox/clock", async (request) => {
    const input = parseControlInput<{ advance_seconds?: number; frozen?: boolean }>(
      clockSchema,
      request.body,
    );
    // Freezing first, then stepping: `{frozen: true, advance_seconds: 1}` lands on a known time.
    if (input.frozen !== undefined) clock.setFrozen(input.frozen);
    if (input.advance_seconds !== undefined) clock.advance(input.advance_seconds);
    await moved();
    return now();
  });
}
