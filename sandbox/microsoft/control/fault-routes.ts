/** Control API: inject failures into the identity platform and Graph (see faults.ts). */
import type { FastifyInstance } from "fastify";
import { ControlError } from "../../common/control-input.ts";
import { registerFaultRoutes as register } from "../../common/fault-routes.ts";
import type { FaultSpec } from "../faults.ts";
import type { SandboxContext } from "../sandbox-context.ts";

export function registerFaultRoutes(server: FastifyInstance, context: SandboxContext): void {
  register<FaultSpec>(server, {
    faults: context.faults,
    fields: { code: { type: "string", minLength: 1 }, timeout: { type: "boolean" } },
    check(spec) {
      const doesSomething =
        spec.status !== undefined ||
        spec.drop_after_success === true ||
        spec.timeout === true ||
        (spec.delay_ms ?? 0) > 0;
      if (!doesSomething) {
        throw new ControlError(
          400,
          "a fault needs status, delay_ms, drop_after_success or timeout",
        );
      }
      if (
        spec.timeout === true &&
        (spec.status !== undefined || spec.drop_after_success === true)
      ) {
        throw new ControlError(
          400,
          "a timeout sends no reply, so it cannot have a status or drop_after_success",
        );
      }
    },
  });
}
