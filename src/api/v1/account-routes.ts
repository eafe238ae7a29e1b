import type { FastifyInstance } from "fastify";
import { loadApplicationCalendar } from "../../calendars/application-calendars.ts";
import { createConferencingLink } from "../../conferencing/conferencing-links.ts";
import { resolveConferencingProfile } from "../../conferencing/conferencing-profiles.ts";
import { disconnect } from "../../connections/disconnect.ts";
import { DomainError } from "../../domain-error.ts";
import { calendarProfileView, calendarView, userinfoView } from "./account-views.ts";
import { type ApiDeps, callerOf } from "./api-routes.ts";
import { neverCached } from "./never-cached.ts";
import {
  bearerSecurity,
  calendar,
  calendarProfile,
  conferencingProfile,
  errorReply,
  validationErrorReply,
} from "./schemas.ts";

/** userinfo, calendars, the hosted conferencing link, and revoking a conferencing profile. */
export function accountRoutes({ db, vault, config, providers }: ApiDeps) {
  const views = { db, vault, publicUrl: config.publicUrl };
  return async (app: FastifyInstance) => {
    // Userinfo carries relink links, and the hosted link is one: credentials, never cached.
    neverCached(app);
    app.get(
      "/userinfo",
      {
        schema: {
          tags: ["Account"],
          summary: "Who the token speaks for: its calendar profile and its conferencing profiles",
          description:
            'As Cronofy documents it, with `"cronofy.type": "account"`. `email`, `name` and `zoneinfo` are given where confab knows them; an application calendar has none of them, so its userinfo leaves them out.',
          security: bearerSecurity,
          response: {
            200: {
              type: "object",
              properties: {
                sub: { type: "string", description: "The account (acc_…)." },
                email: { type: "string", description: "The account's email, where known." },
                name: { type: "string", description: "The account's name, where known." },
                zoneinfo: {
                  type: "string",
                  description: "The account's IANA time zone, where known.",
                },
                "cronofy.type": { type: "string", description: '"account"' },
                "cronofy.data": {
                  type: "object",
                  properties: {
                    authorization: {
                      type: "object",
                      properties: {
                        scope: { type: "string" },
                        status: { type: "string", description: '"active"' },
                      },
                    },
                    profiles: {
                      type: "array",
                      items: {
                        ...calendarProfile,
                        properties: {
                          ...calendarProfile.properties,
                          profile_calendars: { type: "array", items: calendar },
                        },
                      },
                    },
                    conferencing_profiles: { type: "array", items: conferencingProfile },
                  },
                },
              },
            },
            401: errorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        return userinfoView(views, caller);
      },
    );

    app.get(
      "/calendars",
      {
        schema: {
          tags: ["Account"],
          summary: "The token's calendars (an application calendar has one)",
          security: bearerSecurity,
          response: {
            200: {
              type: "object",
              properties: { calendars: { type: "array", items: calendar } },
            },
            401: errorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        return { calendars: [calendarView(await loadApplicationCalendar(db, caller.calendarId))] };
      },
    );

    app.get(
      "/profiles",
      {
        schema: {
          tags: ["Account"],
          summary: "The token's calendar profiles (an application calendar has one)",
          description:
            "Cronofy's list of calendar profiles (the Node SDK's profileInformation, pycronofy's list_profiles): for an application calendar its one profile, `provider_name: \"cronofy\"`. Conferencing profiles are in userinfo.",
          security: bearerSecurity,
          response: {
            200: {
              type: "object",
              properties: {
                profiles: { type: "array", items: calendarProfile },
              },
            },
            401: errorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        const own = await loadApplicationCalendar(db, caller.calendarId);
        return { profiles: [calendarProfileView(own)] };
      },
    );

    app.post<{ Body: { redirect_uri: string; provider_name?: string } }>(
      "/conferencing_service_authorizations",
      {
        schema: {
          tags: ["Conferencing"],
          summary: "A hosted link where the user connects a conferencing service",
          description:
            "The link names the token's account, links one profile and expires after 15 minutes. A refusal at the provider (a free Zoom account, say) leaves it for another try; the profile it links spends it. Afterwards the user lands on `redirect_uri` with `last_linked_profile_id=pro_…`, or `error=access_denied`, appended to its query string. `redirect_uri` must match one registered for the application in scheme, host, port and path, exactly; its query string is the application's own and is kept (it must not carry `last_linked_profile_id` or `error` itself). With `provider_name` the link offers only that provider.",
          security: bearerSecurity,
          body: {
            type: "object",
            required: ["redirect_uri"],
            properties: {
              redirect_uri: { type: "string", maxLength: 2000 },
              provider_name: { type: "string", maxLength: 50 },
            },
          },
          response: {
            200: {
              type: "object",
              properties: {
                authorization_request: {
                  type: "object",
                  properties: { url: { type: "string" } },
                },
              },
            },
            401: errorReply,
            422: validationErrorReply,
          },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        const url = await createConferencingLink(db, vault, config.publicUrl, {
          applicationId: caller.applicationId,
          ownerRef: caller.sub,
          redirectUri: request.body.redirect_uri,
          providerName: request.body.provider_name,
          knownProviders: [...providers.values()]
            .filter((p) => p.supports("personal"))
            .map((p) => p.name),
        });
        return { authorization_request: { url } };
      },
    );

    app.post<{ Params: { profile_id: string } }>(
      "/profiles/:profile_id/revoke",
      {
        schema: {
          tags: ["Conferencing"],
          summary: "Disconnect a conferencing profile of the token's account",
          description:
            "Revokes the grant at the provider and deletes what confab stored. Existing meetings are not deleted; events that later need the profile fail with a reason. The calendar profile of an application calendar cannot be revoked (422).",
          security: bearerSecurity,
          params: {
            type: "object",
            required: ["profile_id"],
            properties: { profile_id: { type: "string", maxLength: 100 } },
          },
          response: {
            202: { type: "null" },
            401: errorReply,
            404: errorReply,
            422: validationErrorReply,
          },
        },
      },
      async (request, reply) => {
        const caller = await callerOf(db, request);
        const own = await loadApplicationCalendar(db, caller.calendarId);
        if (request.params.profile_id === own.profileId) {
          throw new DomainError("unprocessable", "This profile cannot be revoked.", {
            profile_id:
              "An application calendar's own profile cannot be revoked; revoke its token instead.",
          });
        }
        const profile = await resolveConferencingProfile(db, caller.sub, request.params.profile_id);
        if (!profile)
          throw new DomainError("not_found", "There is no such profile for this token.");
        const provider = providers.get(profile.providerName);
        if (provider && profile.status !== "removed") {
          await disconnect({ db, vault, provider }, profile.id);
        }
        return reply.status(202).send();
      },
    );
  };
}
