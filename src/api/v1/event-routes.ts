import type { FastifyInstance } from "fastify";
import { deleteEvent } from "../../conferencing/delete-event.ts";
import { readEventInput, type UpsertEventBody } from "../../conferencing/event-input.ts";
import {
  type ReadEventsQuery,
  readCursor,
  readEvents,
  sealCursor,
} from "../../conferencing/read-events.ts";
import { upsertEvent } from "../../conferencing/upsert-event.ts";
import { type ApiDeps, callerOf } from "./api-routes.ts";
import {
  bearerSecurity,
  errorReply,
  eventView,
  upsertEventBody,
  validationErrorReply,
} from "./schemas.ts";

const calendarParams = {
  type: "object",
  required: ["calendar_id"],
  properties: { calendar_id: { type: "string", maxLength: 100 } },
};

const accepted = { 202: { type: "null", description: "Accepted; the worker does the rest." } };

const readQuery = {
  type: "object",
  properties: {
    from: {
      type: "string",
      description: "A date (YYYY-MM-DD, in tzid) or time; default 16 days ago.",
    },
    to: { type: "string", description: "Exclusive; default 201 days ahead." },
    tzid: { type: "string", description: "The time zone from and to are read in." },
    include_managed: {
      type: "boolean",
      description: "Events made through the API are included only when true (as in Cronofy).",
    },
    include_deleted: { type: "boolean" },
    calendar_ids: { type: "array", items: { type: "string" } },
  },
};

const eventsReply = {
  type: "object",
  properties: {
    pages: {
      type: "object",
      properties: {
        current: { type: "integer" },
        total: { type: "integer" },
        next_page: { type: "string" },
      },
    },
    events: { type: "array", items: eventView },
  },
};

/** Events: upsert, delete, read. */
export function eventRoutes({ db, config, callbacks, vault }: ApiDeps) {
  return async (app: FastifyInstance) => {
    app.post<{ Params: { calendar_id: string }; Body: UpsertEventBody }>(
      "/calendars/:calendar_id/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Create or update an event by event_id",
          description:
            "Answers 202 at once; a meeting is made by the worker. With `conferencing`, the event reads `{pending: true}` until the meeting exists. Conferencing cannot be added to past events (422).",
          security: bearerSecurity,
          params: calendarParams,
          body: upsertEventBody,
          response: { ...accepted, 401: errorReply, 404: errorReply, 422: validationErrorReply },
        },
      },
      async (request, reply) => {
        const caller = await callerOf(db, request);
        const input = readEventInput(request.body, callbacks);
        await upsertEvent(db, caller, request.params.calendar_id, input, config.quotas);
        return reply.status(202).send();
      },
    );

    app.delete<{ Params: { calendar_id: string }; Body: { event_id: string } }>(
      "/calendars/:calendar_id/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Delete an event; its meeting is deleted by the worker",
          security: bearerSecurity,
          params: calendarParams,
          body: {
            type: "object",
            required: ["event_id"],
            properties: { event_id: { type: "string", minLength: 1, maxLength: 250 } },
          },
          response: { ...accepted, 401: errorReply, 404: errorReply, 422: validationErrorReply },
        },
      },
      async (request, reply) => {
        const caller = await callerOf(db, request);
        await deleteEvent(db, caller, request.params.calendar_id, request.body.event_id);
        return reply.status(202).send();
      },
    );

    const pageUrls = (sub: string) => (query: ReadEventsQuery, page: number) =>
      `${config.publicUrl}/v1/events/pages/${encodeURIComponent(sealCursor(vault, sub, query, page))}`;

    app.get<{ Querystring: ReadEventsQuery }>(
      "/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Read events",
          security: bearerSecurity,
          querystring: readQuery,
          response: { 200: eventsReply, 401: errorReply, 422: validationErrorReply },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        return readEvents(db, caller, normalize(request.query), 1, pageUrls(caller.sub));
      },
    );

    app.get<{ Params: { cursor: string } }>(
      "/events/pages/:cursor",
      {
        schema: {
          tags: ["Events"],
          summary: "The next page of a read (the URL comes from pages.next_page)",
          security: bearerSecurity,
          params: {
            type: "object",
            required: ["cursor"],
            properties: { cursor: { type: "string", maxLength: 2000 } },
          },
          response: { 200: eventsReply, 401: errorReply, 404: errorReply },
        },
      },
      async (request) => {
        const caller = await callerOf(db, request);
        const { query, page } = readCursor(vault, caller.sub, request.params.cursor);
        return readEvents(db, caller, query, page, pageUrls(caller.sub));
      },
    );
  };
}

/** Cronofy's SDKs send arrays as `calendar_ids[]=…`. */
function normalize(query: ReadEventsQuery & { "calendar_ids[]"?: string | string[] }) {
  const { "calendar_ids[]": bracketed, ...rest } = query;
  if (bracketed !== undefined && rest.calendar_ids === undefined) {
    rest.calendar_ids = Array.isArray(bracketed) ? bracketed : [bracketed];
  }
  return rest;
}
