import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { checkReadiness } from "./check-readiness.ts";

const check = { type: "string", description: '"ok", or what is wrong' } as const;

/** Probes for orchestrators: liveness (the process answers) and readiness (it can work). */
export function healthRoutes(db: Kysely<Schema>) {
  return async (app: FastifyInstance) => {
    app.get(
      "/healthz",
      {
        schema: {
          summary: "Liveness: the process is up and answering",
          tags: ["operations"],
          response: {
            200: {
              type: "object",
              properties: { status: { const: "ok" } },
              required: ["status"],
            },
          },
        },
      },
      async () => ({ status: "ok" as const }),
    );

    app.get(
      "/readyz",
      {
        schema: {
          summary: "Readiness: database reachable, migrations current, a worker seen recently",
          tags: ["operations"],
          response: {
            "2xx": readinessReply,
            503: readinessReply,
          },
        },
      },
      async (_request, reply) => {
        const readiness = await checkReadiness(db);
        return reply
          .status(readiness.ready ? 200 : 503)
          .send({ status: readiness.ready ? "ready" : "not_ready", checks: readiness.checks });
      },
    );
  };
}

const readinessReply = {
  type: "object",
  properties: {
    status: { enum: ["ready", "not_ready"] },
    checks: {
      type: "object",
      properties: { database: check, migrations: check, worker: check },
      required: ["database", "migrations", "worker"],
    },
  },
  required: ["status", "checks"],
} as const;
