/** Control API: inject failures into the REST and OAuth endpoints (see faults.ts). */
import type { FastifyInstance } from "fastify";
import { ControlError } from "../../common/control-input.ts";
import { registerFaultRoutes as register } from "../../common/fault-routes.ts";
import type { FaultSpec } from "../faults.ts";
import type { SandboxContext } from "../sandbox-context.ts";

export function registerFaultRoutes(server: FastifyInstance, context: SandboxContext): void {
  register<FaultSpec>(server, {
    faults: context.faults,
    fields: { zoom_code: { type: "integer" }, xml: { type: "boolean" } },
    check(spec) {
      const doesSomething =
        spec.status !== undefined ||
        spec.xml === true ||
        spec.drop_after_success === true ||
        (spec.delay_ms ?? 0) > 0;
      if (!doesSomething) {
        throw new ControlError(400, "a fault needs status, xml, delay_ms or drop_after_success");
      }
    },
  });
}
