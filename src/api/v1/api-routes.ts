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
import { channelRoutes } from "./channel-routes.ts";
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
            Object.entries(problems).map(([field, { rule, description }]) => [
              field,
              [{ key: `errors.${rule}`, description }],
            ]),
          ),
          request_id: request.id,
        });
      }
      const unreadable = unreadableBody(error);
      if (unreadable) {
        return reply.status(unreadable.status).send({
          error: unreadable.error,
          message: unreadable.message,
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
        await v1.register(channelRoutes(deps));
      },
      { prefix: "/v1" },
    );
  };
}

/** The rule each of ajv's keywords stands for, in Cronofy's words for its 422 keys. */
const ruleOfKeyword: Record<string, string> = {
  required: "required",
  maxLength: "too_long",
  maxItems: "too_long",
  minLength: "blank",
  minItems: "blank",
  type: "invalid_type",
  enum: "inclusion",
  maximum: "too_large",
  minimum: "too_small",
};

type Problem = { rule: string; description: string };

/** Field problems of a request: from the schema, or from the domain's checks. */
function validationProblems(error: FastifyError): Record<string, Problem> | undefined {
  if (error instanceof DomainError) {
    if (!(error.kind === "unprocessable" || (error.kind === "invalid_input" && error.fields))) {
      return undefined;
    }
    const fields = error.fields ?? { base: error.message };
    return Object.fromEntries(
      Object.entries(fields).map(([field, description]) => [
        field,
        { rule: error.rules?.[field] ?? "invalid", description },
      ]),
    );
  }
  if (!error.validation || error.validationContext === "params") return undefined;
  const problems: Record<string, Problem> = {};
  for (const issue of error.validation) {
    const path = issue.instancePath.split("/").filter(Boolean);
    const missing = (issue.params as { missingProperty?: string }).missingProperty;
    const field = path[0] ?? missing ?? "base";
    const where = [...path, ...(missing && path.length > 0 ? [missing] : [])].join(".");
    problems[field] ??= {
      rule: ruleOfKeyword[issue.keyword] ?? "invalid",
      description:
        missing && path.length === 0
          ? `${missing} is required.`
          : `${where || field} ${issue.message ?? "is not valid"}.`,
    };
  }
  return problems;
}

/**
 * A body Fastify could not read (broken JSON, an empty body declared JSON, a type it does not
 * take), answered in the API's own error shape with what to fix rather than Fastify's code.
 */
function unreadableBody(
  error: FastifyError,
): { status: number; error: string; message: string } | undefined {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return {
        status: 400,
        error: "invalid_json",
        message: `The request body is not valid JSON (${error.message.replace(/^Body is not valid JSON but content-type is set to 'application\/json'\s*/i, "").trim() || "it could not be parsed"}). Send a JSON object.`,
      };
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return {
        status: 400,
        error: "invalid_json",
        message: "The request body is empty but declared as JSON. Send a JSON object.",
      };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        error: "unsupported_media_type",
        message: "Send the request body as JSON (Content-Type: application/json).",
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return {
        status: 413,
        error: "body_too_large",
        message: "The request body is larger than confab takes for one request.",
      };
    default:
      return undefined;
  }
}
