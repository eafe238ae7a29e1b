import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import type { Kysely } from "kysely";
import { authenticateBearer } from "../../calendars/api-tokens.ts";
import type { CallbackPolicy } from "../../callbacks/callback-target.ts";
import type { Config } from "../../config.ts";
import type { Schema } from "../../db/schema.ts";
import { DomainError } from "../../domain-error.ts";
import type { Providers } from "../../providers/registry.ts";
import { countApiRequest } from "../../quotas/api-rate-limits.ts";
import type { Vault } from "../../vault/vault.ts";
import { accountRoutes } from "./account-routes.ts";
import { eventRoutes } from "./event-routes.ts";
import { organizationRoutes } from "./organization-routes.ts";
import { tokenRoutes } from "./token-routes.ts";

export interface ApiDeps {
  config: Config;
  db: Kysely<Schema>;
  vault: Vault;
  providers: Providers;
  /** The egress rule for the URLs applications give confab to call (subscriptions). */
  callbacks: CallbackPolicy;
}

const callers = new WeakMap<FastifyRequest, ReturnType<typeof authenticateBearer>>();

/** The caller a bearer token speaks for (401 otherwise); looked up once per request. */
export function callerOf(db: Kysely<Schema>, request: FastifyRequest) {
  let caller = callers.get(request);
  if (!caller) {
    const token = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    caller = authenticateBearer(db, token === "undefined" ? undefined : token);
    callers.set(request, caller);
  }
  return caller;
}

/**
 * The Cronofy-compatible application API: `/oauth/token…` and everything under `/v1`. Its own
 * error replies are what Cronofy's SDKs expect: validation problems as a 422 with
 * `{errors: {field: [{key, description}]}}`, and a 404 that names what exists for any other path.
 */
export function apiRoutes(deps: ApiDeps) {
  return async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof DomainError && error.kind === "unauthenticated") {
        reply.header("www-authenticate", 'Bearer realm="confab"');
      }
      const problems = validationProblems(error);
      if (problems) {
        return reply.status(422).send({
          errors: Object.fromEntries(
            Object.entries(problems).map(([field, description]) => [
              field,
              [{ key: `errors.${field}.invalid`, description }],
            ]),
          ),
          request_id: request.id,
        });
      }
      throw error;
    });
    await app.register(tokenRoutes(deps));
    // The organization's own software acting for a member: its own credentials, so outside the
    // bearer-token part of /v1.
    await app.register(organizationRoutes(deps), { prefix: "/v1/organization" });
    await app.register(
      async (v1) => {
        // Who is asking comes before what they ask: without valid credentials a request learns
        // nothing about its body's problems. Unknown paths keep their 404 that says what exists.
        v1.addHook("onRequest", async (request) => {
          if (request.routeOptions.url === undefined) return;
          const caller = await callerOf(deps.db, request);
          await countApiRequest(deps.db, caller, deps.config.quotas.rates);
        });
        v1.setNotFoundHandler((request, reply) =>
          reply.status(404).send({
            error: "not_found",
            message: `${request.method} ${request.url.split("?")[0]} is not part of confab's API. It implements the conferencing subset of Cronofy's API; see /docs.`,
            request_id: request.id,
          }),
        );
        await v1.register(accountRoutes(deps));
        await v1.register(eventRoutes(deps));
      },
      { prefix: "/v1" },
    );
  };
}

/** Field problems of a request: from the schema, or from the domain's checks. */
function validationProblems(error: FastifyError): Record<string, string> | undefined {
  if (error instanceof DomainError) {
    return error.kind === "unprocessable" || (error.kind === "invalid_input" && error.fields)
      ? (error.fields ?? { base: error.message })
      : undefined;
  }
  if (!error.validation || error.validationContext === "params") return undefined;
  const problems: Record<string, string> = {};
  for (const issue of error.validation) {
    const path = issue.instancePath.split("/").filter(Boolean);
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const field = path[0] ?? missing ?? "base";
    const where = [...path, ...(missing && path.length > 0 ? [missing] : [])].join(".");
    problems[field] ??=
      missing && path.length === 0
        ? `${missing} is required.`
        : `${where || field} ${issue.message ?? "is not valid"}.`;
  }
  return problems;
}
