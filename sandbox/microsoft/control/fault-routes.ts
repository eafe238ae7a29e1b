/** Control API: inject failures into the identity platform and Graph (see faults.ts). */
import type { FastifyInstance } from "fastify";
import type { FaultSpec } from "../faults.ts";
import type { SandboxContext } from "../sandbox-context.ts";
import { ControlError, parseControlInput } from "./control-input.ts";

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
    code: { type: "string", minLength: 1 },
    message: { type: "string" },
    delay_ms: { type: "integer", minimum: 0, maximum: 120000 },
    drop_after_success: { type: "boolean" },
    timeout: { type: "boolean" },
    headers: { type: "object", additionalProperties: { type: "string" } },
    times: { type: "integer", minimum: 1 },
  },
};

export function registerFaultRoutes(server: FastifyInstance, context: SandboxContext): void {
  server.post("/_sandbox/faults", async (request, reply) => {
    const spec = parseControlInput<FaultSpec>(faultSchema, request.body);
    const doesSomething =
      spec.status !== undefined ||
      spec.drop_after_success === true ||
      spec.timeout === true ||
      (spec.delay_ms ?? 0) > 0;
    if (!doesSomething) {
      throw new ControlError(400, "a fault needs status, delay_ms, drop_after_success or timeout");
    }
    if (spec.timeout === true && (spec.status !== undefined || spec.drop_after_success === true)) {
      throw new ControlError(
        400,
        "a timeout sends no reply, so it cannot have a status or drop_after_success",
      );
    }
    return reply.code(201).send(context.faults.add(spec));
  });

  server.get("/_sandbox/faults", async () => context.faults.list());

  server.delete("/_sandbox/faults", async (_request, reply) => {
    context.faults.clear();
    return reply.code(204).send();
  });
}
