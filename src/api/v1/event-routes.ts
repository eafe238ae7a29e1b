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
import { DomainError } from "../../domain-error.ts";
import { userinfoView } from "./account-views.ts";
import { type ApiDeps, callerOf } from "./api-routes.ts";
import { cronofyQuery } from "./cronofy-query.ts";
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

const cronofyBoolean = (description: string) => ({
  type: "boolean",
  description: `${description} true/false, True/False or 1/0, as Cronofy's SDKs send them.`,
});

const readQuery = {
  type: "object",
  properties: {
    from: {
      type: "string",
      description:
        "A date (YYYY-MM-DD, in tzid) or time: events that end on or after it. Without from and to a read spans all of time (every confab event is managed, and Cronofy reads managed events without its default window).",
    },
    to: { type: "string", description: "A date or time: events that start before it." },
    tzid: { type: "string", description: "The time zone from and to are read in." },
    include_managed: cronofyBoolean(
      "Events made through the API are included only when true (as in Cronofy).",
    ),
    only_managed: cronofyBoolean(
      "Only events made through the API; in confab that is every event, so the same as include_managed.",
    ),
    include_deleted: cronofyBoolean("Include deleted events (deleted: true)."),
    last_modified: {
      type: "string",
      description: "A time: only events changed (or deleted) at or after it.",
    },
    include_userinfo: cronofyBoolean(
      "Adds `userinfo`, as GET /v1/userinfo answers it, beside the events of the first page.",
    ),
    calendar_ids: {
      type: "array",
      items: { type: "string" },
      description: "calendar_ids[]=… or repeated calendar_ids=…",
    },
  },
};

const deleteBody = {
  type: "object",
  properties: {
    event_id: { type: "string", minLength: 1, maxLength: 250 },
    event_uid: {
      type: "string",
      minLength: 1,
      maxLength: 250,
      description: "confab's id for the event, as read back.",
    },
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
    userinfo: { type: "object", additionalProperties: true },
  },
};

/** Events: upsert, delete, read. */
export function eventRoutes({ db, config, callbacks, vault, providers }: ApiDeps) {
  return async (app: FastifyInstance) => {
    app.post<{ Params: { calendar_id: string }; Body: UpsertEventBody }>(
      "/calendars/:calendar_id/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Create or update an event by event_id",
          description:
            "Answers 202 at once; a meeting is made by the worker. With `conferencing`, the event reads `{pending: true}` until the meeting exists.\n\n**Started and past events** are stored and answered 202, as Cronofy does, but no new conference is made for an event whose start has passed: its conferencing is left as it was and reads back with `skipped_reason` (\"Conferencing services cannot be added to past events…\"). An unchanged conferencing request on a started event (the same profile, whose meeting exists or is being made) is no change, so the meeting keeps in step with a new summary or description.\n\n**All-day events**: `start` and `end` as dates (`2030-05-01`, the end exclusive), read back as dates; their meeting runs from midnight in the event's tzid.\n\n**Stored, not acted on**: `url`, `transparency`, `color`, `reminders` (with `reminders_create_only`), `event_private` and `location.lat`/`location.long` are kept and read back as given; confab has no calendar of the person's to colour, remind or hide the event in. `include_userinfo` is accepted: the 202 has no body to include it in. `recurrence` is refused (422) until confab can honour it. Any other field is refused by name.",
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

    app.delete<{
      Params: { calendar_id: string };
      Body: { event_id?: string; event_uid?: string } | undefined;
      Querystring: { event_id?: string; event_uid?: string };
    }>(
      "/calendars/:calendar_id/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Delete an event; its meeting is deleted by the worker",
          description:
            "Name the event by `event_id` or by `event_uid`, in the JSON body or the query string (as some SDKs send it).",
          security: bearerSecurity,
          params: calendarParams,
          body: deleteBody,
          querystring: deleteBody,
          response: { ...accepted, 401: errorReply, 404: errorReply, 422: validationErrorReply },
        },
        // A DELETE that names the event in its query string has no body to validate.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const caller = await callerOf(db, request);
        const named = { ...request.query, ...(request.body ?? {}) };
        const key = named.event_id
          ? { eventId: named.event_id }
          : named.event_uid
            ? { eventUid: named.event_uid }
            : undefined;
        if (!key) {
          throw new DomainError(
            "unprocessable",
            "The request is not valid.",
            {
              event_id:
                "Name the event to delete by its event_id (your id) or its event_uid (confab's).",
            },
            { event_id: "required" },
          );
        }
        await deleteEvent(db, caller, request.params.calendar_id, key);
        return reply.status(202).send();
      },
    );

    const views = { db, vault, publicUrl: config.publicUrl };
    const pageUrls = (sub: string) => (query: ReadEventsQuery, page: number) =>
      `${config.publicUrl}/v1/events/pages/${encodeURIComponent(sealCursor(vault, sub, query, page))}`;

    app.get<{ Querystring: ReadEventsQuery & { include_userinfo?: boolean } }>(
      "/events",
      {
        schema: {
          tags: ["Events"],
          summary: "Read events",
          security: bearerSecurity,
          querystring: readQuery,
          response: { 200: eventsReply, 401: errorReply, 422: validationErrorReply },
        },
        preValidation: cronofyQuery({
          booleans: ["include_managed", "only_managed", "include_deleted", "include_userinfo"],
          arrays: ["calendar_ids"],
        }),
      },
      async (request) => {
        const caller = await callerOf(db, request);
        const { include_userinfo, ...query } = request.query;
        const page = await readEvents(db, providers, caller, query, 1, pageUrls(caller.sub));
        if (!include_userinfo) return page;
        return { ...page, userinfo: await userinfoView(views, caller) };
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
        return readEvents(db, providers, caller, query, page, pageUrls(caller.sub));
      },
    );
  };
}
