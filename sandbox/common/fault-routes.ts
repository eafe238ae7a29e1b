/** Control API: inject failures into a provider's surfaces (see faults.ts and fault-injection.ts). */
import type { FastifyInstance } from "fastify";
import { parseControlInput } from "./control-input.ts";
import type { FaultSpec, Faults } from "./faults.ts";

export interface FaultRoutes<Spec extends FaultSpec> {
  faults: Faults<Spec>;
  /** The provider's own fault fields, as JSON Schema properties. */
  fields: Record<string, object>;
  /** Refuses, with a ControlError, a fault that would do nothing or contradicts itself. */
  check(spec: Spec): void;
}

export function registerFaultRoutes<Spec extends FaultSpec>(
  server: FastifyInstance,
  routes: FaultRoutes<Spec>,
): void {
  const faultSchema = {
    type: "object",
    required: ["match", "times"],
    additionalProperties: false,
    properties: {
      match: {
        type: "object",
        additionalProperties: false,
        properties: {
          method: { enum: ["GET", "POST", "PATCH", "PUT", "DELETE"] },
          path: { type: "string", pattern: "^[/*]" },
        },
      },
      status: { type: "integer", minimum: 400, maximum: 599 },
      ...routes.fields,
      message: { type: "string" },
      delay_ms: { type: "integer", minimum: 0, maximum: 120000 },
      drop_after_success: { type: "boolean" },
      headers: { type: "object", additionalProperties: { type: "string" } },
      times: { type: "integer", minimum: 1 },
    },
  };

  server.post("/_sandbox/faults", async (request, reply) => {
    const spec = parseControlInput<Spec>(faultSchema, request.body);
    routes.check(spec);
    return reply.code(201).send(routes.faults.add(spec));
  });

  server.get("/_sandbox/faults", async () => routes.faults.list());

  server.delete("/_sandbox/faults", async (_request, reply) => {
    routes.faults.clear();
    return reply.code(204).send();
  });
}
