/**
 * The calendar routes, for `/v1.0/me/...` and `/v1.0/users/{id|upn}/...`: create, list,
 * calendarView, get, update, delete and cancel an event. Every call counts toward Outlook's
 * limits for the app and mailbox. Notifications about a change go out after the reply.
 *
 * A retried create with a `transactionId` already used in the mailbox answers the event made
 * the first time instead of a second one (learn.microsoft.com/graph/api/resources/event:
 * transactionId, "A custom identifier specified by a client app for the server to avoid
 * redundant POST operations in case of client retries to create the same event").
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { DirectoryUser, GraphCaller } from "../graph-caller.ts";
import type { GraphContext } from "../graph-context.ts";
import type { StoredEvent } from "../graph-data.ts";
import { badRequest, GraphError, itemNotFound } from "../graph-error.ts";
import { type Access, calendarMailbox } from "../mailbox-access.ts";
import {
  cancelEvent,
  createEvent,
  findByTransactionId,
  hasProperty,
  notifyChange,
  removeEvent,
  updateEvent,
} from "./calendar.ts";
import { readEventFields } from "./event-input.ts";
import { eventView } from "./event-view.ts";

type Params = { user?: string; id?: string };
type Query = Record<string, string | undefined>;
type Request = FastifyRequest<{ Params: Params; Querystring: Query }>;

const ROOTS = ["/v1.0/me", "/v1.0/users/:user"];
const FILTER = /^\s*(transactionId|iCalUId)\s+eq\s+'((?:[^']|'')*)'\s*$/;
/**
 * Events with a string extended property of a given value
 * (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get, "GET resource instances
 * with string-typed extended properties matching a filter"): `eq` on the id and on the value.
 */
const PROPERTY_FILTER =
  /^\s*singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*(\w+)\/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+(\w+)\/value\s+eq\s+'((?:[^']|'')*)'\s*\)\s*$/i;
const unquote = (quoted: string | undefined) => (quoted ?? "").replaceAll("''", "'");

export function registerEventsRoutes(scope: FastifyInstance, context: GraphContext): void {
  const { deps } = context;

  /** Authenticates, resolves the mailbox and holds one of its concurrent-request slots. */
  async function inMailbox<T>(
    request: Request,
    access: Access,
    work: (mailbox: DirectoryUser, caller: GraphCaller) => T | Promise<T>,
  ): Promise<T> {
    const caller = deps.authenticate(request.headers);
    const mailbox = calendarMailbox(deps, caller, request.params.user ?? "me", access);
    const end = context.throttle.begin(caller.clientId, mailbox.id);
    try {
      return await work(mailbox, caller);
    } finally {
      end();
    }
  }

  function eventIn(mailbox: DirectoryUser, id: string | undefined): StoredEvent {
    const event = context.data.events.find(
      (stored) => stored.id === id && stored.mailboxId === mailbox.id,
    );
    if (event === undefined) throw itemNotFound();
    return event;
  }

  const view = (event: StoredEvent, mailbox: DirectoryUser) =>
    eventView(event, mailbox, deps.baseUrl());

  const collection = (request: Request, mailbox: DirectoryUser, events: StoredEvent[]) => ({
    "@odata.context": `${deps.baseUrl()}/v1.0/$metadata#users('${request.params.user ?? mailbox.id}')/events`,
    value: events
      .sort((a, b) => a.startInstant - b.startInstant)
      .map((event) => view(event, mailbox)),
  });

  for (const root of ROOTS) {
    scope.post<{ Params: Params; Querystring: Query }>(`${root}/events`, (request, reply) =>
      inMailbox(request, "write", (mailbox) => {
        const fields = readEventFields(request.body, true);
        const earlier =
          fields.transactionId === undefined
            ? undefined
            : findByTransactionId(context, mailbox.id, fields.transactionId);
        const event = earlier ?? createEvent(context, mailbox, fields);
        if (earlier === undefined) void notifyChange(context, event, "created");
        return reply
          .code(201)
          .header("Location", `${deps.baseUrl()}/v1.0/users/${mailbox.id}/events/${event.id}`)
          .send(view(event, mailbox));
      }),
    );

    scope.get<{ Params: Params; Querystring: Query }>(`${root}/events`, (request) =>
      inMailbox(request, "read", (mailbox) => {
        let events = context.data.events.filter((event) => event.mailboxId === mailbox.id);
        const filter = request.query.$filter;
        const byProperty = filter === undefined ? null : PROPERTY_FILTER.exec(filter);
        if (byProperty !== null) {
          const [, variable, idVariable, id, valueVariable, value] = byProperty;
          if (idVariable !== variable || valueVariable !== variable) {
            throw badRequest(
              `Invalid filter clause: '${filter}' names a variable it did not declare.`,
            );
          }
          events = events.filter((event) => hasProperty(event, unquote(id), unquote(value)));
        } else if (filter !== undefined) {
          const match = FILTER.exec(filter);
          if (match === null) {
            throw badRequest(
              `Invalid filter clause: the sandbox filters events by transactionId or iCalUId with 'eq', or by a singleValueExtendedProperties/Any(ep: ep/id eq '…' and ep/value eq '…'), only; got '${filter}'.`,
            );
          }
          const [, property, quoted] = match;
          const value = unquote(quoted);
          events = events.filter((event) =>
            property === "transactionId" ? event.transactionId === value : event.iCalUId === value,
          );
        }
        return collection(request, mailbox, events);
      }),
    );

    scope.get<{ Params: Params; Querystring: Query }>(`${root}/calendarView`, (request) =>
      inMailbox(request, "read", (mailbox) => {
        const from = Date.parse(request.query.startDateTime ?? "");
        const to = Date.parse(request.query.endDateTime ?? "");
        if (Number.isNaN(from) || Number.isNaN(to)) {
          throw new GraphError(
            400,
            "ErrorInvalidParameter",
            "This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.",
          );
        }
        const events = context.data.events.filter(
          (event) =>
            event.mailboxId === mailbox.id && event.startInstant < to && event.endInstant > from,
        );
        return collection(request, mailbox, events);
      }),
    );

    scope.get<{ Params: Params; Querystring: Query }>(`${root}/events/:id`, (request) =>
      inMailbox(request, "read", (mailbox) => view(eventIn(mailbox, request.params.id), mailbox)),
    );

    scope.patch<{ Params: Params; Querystring: Query }>(`${root}/events/:id`, (request) =>
      inMailbox(request, "write", (mailbox) => {
        const event = eventIn(mailbox, request.params.id);
        updateEvent(context, event, mailbox, readEventFields(request.body, false));
        void notifyChange(context, event, "updated");
        return view(event, mailbox);
      }),
    );

    scope.delete<{ Params: Params; Querystring: Query }>(`${root}/events/:id`, (request, reply) =>
      inMailbox(request, "write", (mailbox) => {
        const event = eventIn(mailbox, request.params.id);
        removeEvent(context, event);
        void notifyChange(context, event, "deleted");
        return reply.code(204).send();
      }),
    );

    scope.post<{ Params: Params; Querystring: Query }>(
      `${root}/events/:id/cancel`,
      (request, reply) =>
        inMailbox(request, "write", (mailbox) => {
          const event = eventIn(mailbox, request.params.id);
          const body = (request.body ?? {}) as Record<string, unknown>;
          const comment = body.Comment ?? body.comment ?? "";
          if (typeof comment !== "string") throw badRequest("'Comment' must be a string.");
          cancelEvent(context, event, comment);
          void notifyChange(context, event, "deleted");
          return reply.code(202).send();
        }),
    );
  }
}
