import type { FastifyError, FastifyInstance } from "fastify";
import type { SupportContact } from "../config.ts";
import { isDatabaseUnavailable } from "../db/database-unavailable.ts";
import { DomainError, type DomainErrorKind } from "../domain-error.ts";
import { RateLimited } from "../quotas/api-rate-limits.ts";
import { helpLink } from "../web/help-links.ts";
import { html } from "../web/html.ts";
import { layout } from "../web/layout.ts";

const statusOf: Record<DomainErrorKind, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** The HTTP status a kind of domain error is answered with, in JSON and in pages alike. */
export function httpStatusOf(kind: DomainErrorKind): number {
  return statusOf[kind];
}

export interface ErrorReply {
  error: string;
  message: string;
  request_id: string;
  fields?: Record<string, string>;
}

/**
 * One place decides what a failure looks like on the wire: domain errors and malformed requests
 * get their 4xx with a message a person can act on; anything else is a 500 that names the
 * request id for the logs and says nothing about internals. The page for a missing address
 * offers the operator's Help link, when there is one.
 */
export function installErrorHandling(app: FastifyInstance, support?: SupportContact) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof RateLimited) reply.header("retry-after", String(error.retryAfterSeconds));
    if (error instanceof DomainError) {
      const body: ErrorReply = {
        error: error.kind,
        message: error.message,
        request_id: request.id,
      };
      if (error.fields) body.fields = error.fields;
      return reply.status(statusOf[error.kind]).send(body);
    }
    if (error.validation) {
      return reply.status(400).send({
        error: "invalid_request",
        message: `The request is not valid: ${error.message}.`,
        request_id: request.id,
      } satisfies ErrorReply);
    }
    if (isDatabaseUnavailable(error)) {
      // A database restart or failover: nothing was written, and a retry shortly will do.
      request.log.warn({ err: error }, "database unavailable");
      return reply
        .status(503)
        .header("retry-after", "5")
        .send({
          error: "unavailable",
          message: "confab cannot reach its database for a moment; try again in a few seconds.",
          request_id: request.id,
        } satisfies ErrorReply);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send({
        error: error.code ?? "bad_request",
        message: error.message,
        request_id: request.id,
      } satisfies ErrorReply);
    }
    request.log.error({ err: error }, "request failed");
    return reply.status(status >= 500 && status < 600 ? status : 500).send({
      error: "internal_error",
      message: `Something went wrong on our side. If it persists, report request id ${request.id}.`,
      request_id: request.id,
    } satisfies ErrorReply);
  });

  app.setNotFoundHandler((request, reply) => {
    const message = `There is nothing at ${request.method} ${request.url.split("?")[0]}.`;
    // A person following a stale link gets a page with a way back; programs get JSON.
    if ((request.headers.accept ?? "").includes("text/html")) {
      const help = helpLink(support);
      return reply
        .status(404)
        .type("text/html; charset=utf-8")
        .send(
          layout({
            title: "Page not found",
            main: html`<h1>Page not found</h1>
      <p class="lead">${message}</p>
      <p><a href="/">Back to confab</a>${help ? html` · ${help}` : ""}</p>`,
          }),
        );
    }
    return reply.status(404).send({
      error: "not_found",
      message,
      request_id: request.id,
    } satisfies ErrorReply);
  });
}
