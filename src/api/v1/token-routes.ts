import type { FastifyError, FastifyInstance } from "fastify";
import {
  grantScope,
  refreshTokens,
  revokeCalendarBySub,
  revokeToken,
} from "../../calendars/api-tokens.ts";
import { applicationCalendarTokens } from "../../calendars/application-calendars.ts";
import { authenticateApplication } from "../../calendars/authenticate-application.ts";
import { DomainError } from "../../domain-error.ts";
import { httpStatusOf } from "../../http/error-handler.ts";
import { OrganizationSuspended } from "../../orgs/organization-suspension.ts";
import { countApiRequest, RateLimited } from "../../quotas/api-rate-limits.ts";
import type { ApiDeps } from "./api-routes.ts";
import { neverCached } from "./never-cached.ts";
import { clientCredentials, errorReply, tokenReply, validationErrorReply } from "./schemas.ts";

const oauthError = {
  type: "object",
  properties: { error: { type: "string" }, error_description: { type: "string" } },
};

/** A token response as Cronofy's SDKs read it, for a new calendar and for a refresh alike. */
function tokenResponse(
  tokens: { accessToken: string; expiresIn: number; refreshToken: string },
  calendar: { sub: string; applicationCalendarId: string; profileId: string },
) {
  return {
    token_type: "bearer",
    access_token: tokens.accessToken,
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    scope: grantScope,
    sub: calendar.sub,
    application_calendar_id: calendar.applicationCalendarId,
    linking_profile: {
      provider_name: "cronofy",
      profile_id: calendar.profileId,
      profile_name: calendar.applicationCalendarId,
    },
  };
}

/** Application calendars and their tokens: issue, refresh, revoke. */
const invalidClient = {
  error: "invalid_client",
  error_description: "Unknown client or wrong secret.",
};

export function tokenRoutes({ db, vault, config }: ApiDeps) {
  /** Counts a request of an authenticated application against its rate limits. */
  const counted = async <T extends { id: string }>(application: T): Promise<T> => {
    await countApiRequest(db, { applicationId: application.id }, config.quotas.rates);
    return application;
  };
  /** The application an OAuth endpoint's client credentials name, or undefined (a 401). */
  const oauthClient = async (clientId: string | undefined, clientSecret: string | undefined) => {
    let application: Awaited<ReturnType<typeof authenticateApplication>>;
    try {
      application = await authenticateApplication(db, vault, clientId, clientSecret);
    } catch (error) {
      // A suspended organization's application is told so, not that its credentials are wrong.
      if (error instanceof OrganizationSuspended) throw error;
      return undefined;
    }
    return counted(application);
  };
  return async (app: FastifyInstance) => {
    neverCached(app);
    // The OAuth endpoints answer a request they cannot read (no body, broken JSON, a wrong type,
    // a NUL) as RFC 6749 has it: their reply schema keeps only `error` and `error_description`.
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof RateLimited) {
        reply.header("retry-after", String(error.retryAfterSeconds));
      }
      const status =
        error instanceof DomainError
          ? httpStatusOf(error.kind)
          : error.validation
            ? 400
            : error.statusCode;
      if (
        request.routeOptions.url?.startsWith("/oauth/") &&
        status &&
        status >= 400 &&
        status < 500
      ) {
        return reply.status(status).send({
          error: "invalid_request",
          error_description: error.validation
            ? `The request is not valid: ${error.message}.`
            : error.message,
        });
      }
      throw error;
    });
    app.post<{
      Body: { client_id: string; client_secret: string; application_calendar_id: string };
    }>(
      "/v1/application_calendars",
      {
        schema: {
          tags: ["Application calendars"],
          summary: "Create (or fetch) an application calendar and get tokens for it",
          body: {
            type: "object",
            required: ["client_id", "client_secret", "application_calendar_id"],
            properties: {
              ...clientCredentials,
              application_calendar_id: {
                type: "string",
                description: "The application's own id for one of its users.",
              },
            },
          },
          response: { 200: tokenReply, 401: errorReply, 422: validationErrorReply },
        },
      },
      async (request) => {
        const { client_id, client_secret, application_calendar_id } = request.body;
        const application = await counted(
          await authenticateApplication(db, vault, client_id, client_secret),
        );
        const { calendar, tokens } = await applicationCalendarTokens(
          db,
          application,
          application_calendar_id,
          config.quotas,
        );
        return tokenResponse(tokens, {
          sub: calendar.sub,
          applicationCalendarId: calendar.applicationCalendarId,
          profileId: calendar.profileId,
        });
      },
    );

    app.post<{
      Body: {
        client_id?: string;
        client_secret?: string;
        grant_type?: string;
        refresh_token?: string;
      };
    }>(
      "/oauth/token",
      {
        schema: {
          tags: ["Tokens"],
          summary: "A new access token for a refresh token (refresh tokens are not rotated)",
          description:
            "The access tokens issued before keep working until their own expiry (an hour after each was issued; the ten newest of a grant at most), so processes that refresh on their own do not cut each other off. Revoking the grant ends them all at once.",
          body: {
            type: "object",
            properties: {
              ...clientCredentials,
              grant_type: { type: "string", description: '"refresh_token"' },
              refresh_token: { type: "string" },
            },
          },
          response: { 200: tokenReply, 400: oauthError, 401: oauthError },
        },
      },
      async (request, reply) => {
        const { client_id, client_secret, grant_type, refresh_token } = request.body ?? {};
        if (grant_type !== "refresh_token") {
          return reply.status(400).send({
            error: "unsupported_grant_type",
            error_description: "confab issues tokens for refresh_token grants only.",
          });
        }
        const application = await oauthClient(client_id, client_secret);
        if (!application) return reply.status(401).send(invalidClient);
        try {
          const tokens = await refreshTokens(db, application.id, refresh_token ?? "");
          const calendar = await db
            .selectFrom("application_calendars")
            .select(["sub", "application_calendar_id", "profile_id"])
            .where("id", "=", tokens.calendarId)
            .executeTakeFirstOrThrow();
          return tokenResponse(tokens, {
            sub: calendar.sub,
            applicationCalendarId: calendar.application_calendar_id,
            profileId: calendar.profile_id,
          });
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          return reply
            .status(400)
            .send({ error: "invalid_grant", error_description: error.message });
        }
      },
    );

    app.post<{
      Body: {
        client_id?: string;
        client_secret?: string;
        token?: string;
        refresh_token?: string;
        sub?: string;
      };
    }>(
      "/oauth/token/revoke",
      {
        schema: {
          tags: ["Tokens"],
          summary: "Revoke a grant by one of its tokens, or every grant of a calendar by its sub",
          description:
            "Takes `token` (RFC 7009: the refresh token or any of the grant's access tokens; `refresh_token` is read the same way, as Cronofy's Node SDK sends it), or `sub`, as Cronofy documents for application calendars: every grant of the application's calendar with that `sub` ends, with all its access tokens. A token takes priority over `sub` when both are sent. Answers 200 with an empty body, for an unknown token or `sub` (another application's included) too, and then changes nothing.",
          body: {
            type: "object",
            properties: {
              ...clientCredentials,
              token: { type: "string" },
              refresh_token: { type: "string" },
              sub: {
                type: "string",
                description: "The application calendar's sub (acc_…), as its token reply gave it.",
              },
            },
          },
          response: {
            200: { description: "Revoked, or nothing to revoke: an empty body.", type: "null" },
            400: oauthError,
            401: oauthError,
          },
        },
      },
      async (request, reply) => {
        const { client_id, client_secret, token, refresh_token, sub } = request.body ?? {};
        const application = await oauthClient(client_id, client_secret);
        if (!application) return reply.status(401).send(invalidClient);
        const given = token || refresh_token;
        if (given) {
          await revokeToken(db, application.id, given);
        } else if (sub) {
          await revokeCalendarBySub(db, application.id, sub);
        } else {
          return reply.status(400).send({
            error: "invalid_request",
            error_description:
              "Say what to revoke: a token in `token` (or `refresh_token`), or an application calendar's `sub`.",
          });
        }
        return reply.status(200).send();
      },
    );
  };
}
