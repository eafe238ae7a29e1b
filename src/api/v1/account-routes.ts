import type { FastifyInstance } from "fastify";
import { loadApplicationCalendar } from "../../calendars/application-calendars.ts";
import { createConferencingLink } from "../../conferencing/conferencing-links.ts";
import {
  type ConferencingProfile,
  listConferencingProfiles,
  resolveConferencingProfile,
} from "../../conferencing/conferencing-profiles.ts";
import { relinkUrl } from "../../conferencing/sealed-link.ts";
import { disconnect } from "../../connections/disconnect.ts";
import { DomainError } from "../../domain-error.ts";
import { type ApiDeps, callerOf } from "./api-routes.ts";
import { neverCached } from "./never-cached.ts";
import {
  bearerSecurity,
  calendar,
  conferencingProfile,
  errorReply,
  validationErrorReply,
} from "./schemas.ts";

/** userinfo, calendars, the hosted conferencing link, and revoking a conferencing profile. */
export function accountRoutes({ db, vault, config, providers }: ApiDeps) {
  const calendarOf = (row: Awaited<ReturnType<typeof loadApplicationCalendar>>) => ({
    provider_name: "confab",
    profile_id: row.profileId,
    profile_name: row.applicationCalendarId,
    calendar_id: row.id,
    calendar_name: row.applicationCalendarId,
    calendar_readonly: false,
    calendar_deleted: false,
    calendar_primary: true,
    calendar_integrated_conferencing_available: false,
    permission_level: "sandbox",
  });
  const profileOf = (ownerRef: string) => (profile: ConferencingProfile) => ({
    provider_name: profile.providerName,
    profile_id: profile.id,
    profile_name: profile.profileName,
    profile_connected: profile.status === "connected",
    ...(profile.status === "broken"
      ? { profile_relink_url: relinkUrl(vault, config.publicUrl, profile.id, ownerRef) }
      : {}),
  });

  return async (app: FastifyInstance) => {
    // Userinfo carries relink links, and the hosted link is one: credentials, never cached.
    neverCached(app);
    app.get(
      "/userinfo",
      {
        schema: {
          tags: ["Account"],
          summary: "Who the token speaks for: its calendar profile and its conferencing profiles",
          security: bearerSecurity,
          response: {
            200: {
              type: "object",
              properties: {
                sub: { type: "string" },
                "cronofy.type": { type: "string" },
                "cronofy.data": {
                  type: "object",
                  properties: {
                    profiles: {
                      type: "array",
                      items: {
                        type: "object",
                        properties: {
                          provider_name: { type: "string" },
                          profile_id: { type: "string" },
                          profile_name: { type: "string" },
                          profile_connected: { type: "boolean" },
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
        const own = await loadApplicationCalendar(db, caller.calendarId);
        const profiles = await listConferencingProfiles(db, caller.sub);
        return {
          sub: caller.sub,
          "cronofy.type": "userinfo",
          "cronofy.data": {
            profiles: [
              {
                provider_name: "confab",
                profile_id: own.profileId,
                profile_name: own.applicationCalendarId,
                profile_connected: true,
                profile_calendars: [calendarOf(own)],
              },
            ],
            conferencing_profiles: profiles.map(profileOf(caller.sub)),
          },
        };
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
        return { calendars: [calendarOf(await loadApplicationCalendar(db, caller.calendarId))] };
      },
    );

    app.post<{ Body: { redirect_uri: string; provider_name?: string } }>(
      "/conferencing_service_authorizations",
      {
        schema: {
          tags: ["Conferencing"],
          summary: "A hosted link where the user connects a conferencing service",
          description:
            "The link names the token's account, works once and expires after 15 minutes. Afterwards the user lands on `redirect_uri?last_linked_profile_id=pro_…`, or `redirect_uri?error=access_denied`. `redirect_uri` must be registered for the application, exactly. With `provider_name` the link goes straight to that provider.",
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
          summary: "Disconnect a conferencing profile of the token's account (F4)",
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
