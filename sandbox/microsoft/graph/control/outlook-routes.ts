/**
 * The control API for what a mailbox's owner does in Outlook itself, and for watching the
 * Graph side: move, delete or cancel an event (each notifies as a real change does, and waits
 * for the deliveries so a test can check them at once), list events, the delivery log, due
 * retries, lifecycle notifications, application access policies and throttling limits.
 * JSON in and out; bad input answers 400 `{error}`, unknown ids 404 the same way.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { cancelEvent, notifyChange, removeEvent, updateEvent } from "../events/calendar.ts";
import { readEventFields } from "../events/event-input.ts";
import { eventView } from "../events/event-view.ts";
import type { DirectoryUser } from "../graph-caller.ts";
import type { GraphContext } from "../graph-context.ts";
import type { StoredEvent } from "../graph-data.ts";
import { GraphError } from "../graph-error.ts";
import type { LifecycleEvent } from "../subscriptions/notifier.ts";
import { subscriptionView } from "../subscriptions/subscriptions-routes.ts";

type IdParams = { Params: { id: string } };
const LIFECYCLE: LifecycleEvent[] = ["reauthorizationRequired", "subscriptionRemoved", "missed"];

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function refuse(reply: FastifyReply, status: number, error: string) {
  return reply.code(status).send({ error });
}

export function registerOutlookControlRoutes(server: FastifyInstance, context: GraphContext): void {
  const { deps, data } = context;

  function ownerOf(event: StoredEvent): DirectoryUser | undefined {
    return deps.directory.findUser(event.tenantId, event.mailboxId);
  }

  function view(event: StoredEvent) {
    const owner = ownerOf(event);
    return owner === undefined ? null : eventView(event, owner, deps.baseUrl());
  }

  async function withEvent(
    id: string,
    reply: FastifyReply,
    work: (event: StoredEvent, owner: DirectoryUser) => Promise<unknown>,
  ) {
    const event = data.events.find((stored) => stored.id === id);
    const owner = event === undefined ? undefined : ownerOf(event);
    if (event === undefined || owner === undefined) return refuse(reply, 404, `no event ${id}`);
    try {
      return await work(event, owner);
    } catch (error) {
      if (error instanceof GraphError) return refuse(reply, 400, error.message);
      throw error;
    }
  }

  server.get<{ Querystring: { mailbox?: string } }>("/_sandbox/graph/events", (request) => {
    const mailbox = request.query.mailbox?.toLowerCase();
    return data.events
      .filter((event) => {
        if (mailbox === undefined) return true;
        const owner = ownerOf(event);
        return (
          event.mailboxId.toLowerCase() === mailbox ||
          owner?.userPrincipalName.toLowerCase() === mailbox ||
          owner?.mail?.toLowerCase() === mailbox
        );
      })
      .map((event) => ({ mailbox: event.mailboxId, event: view(event) }));
  });

  server.post<IdParams>("/_sandbox/outlook/events/:id/move", (request, reply) =>
    withEvent(request.params.id, reply, async (event, owner) => {
      const body = isObject(request.body) ? request.body : {};
      if (body.start === undefined || body.end === undefined) {
        return refuse(reply, 400, "start and end ({dateTime, timeZone}) are required");
      }
      updateEvent(
        context,
        event,
        owner,
        readEventFields({ start: body.start, end: body.end }, false),
      );
      const notifications = await notifyChange(context, event, "updated");
      return { event: view(event), notifications };
    }),
  );

  server.delete<IdParams>("/_sandbox/outlook/events/:id", (request, reply) =>
    withEvent(request.params.id, reply, async (event) => {
      removeEvent(context, event);
      return { deleted: event.id, notifications: await notifyChange(context, event, "deleted") };
    }),
  );

  server.post<IdParams>("/_sandbox/outlook/events/:id/cancel", (request, reply) =>
    withEvent(request.params.id, reply, async (event) => {
      const body = isObject(request.body) ? request.body : {};
      const comment = typeof body.comment === "string" ? body.comment : "";
      cancelEvent(context, event, comment);
      return { cancelled: event.id, notifications: await notifyChange(context, event, "deleted") };
    }),
  );

  server.get("/_sandbox/graph/cancellations", () => data.cancellations);
  server.get("/_sandbox/graph/subscriptions", () => data.subscriptions.map(subscriptionView));

  server.get("/_sandbox/graph/notifications", () => context.notifier.deliveries());
  server.delete("/_sandbox/graph/notifications", () => {
    context.notifier.clear();
    return { cleared: true };
  });

  server.post("/_sandbox/graph/notifications/run-due", async () => ({
    delivered: await runDueRetries(context),
  }));

  server.post<IdParams>("/_sandbox/graph/subscriptions/:id/lifecycle", async (request, reply) => {
    const subscription = data.subscriptions.find((stored) => stored.id === request.params.id);
    if (subscription === undefined)
      return refuse(reply, 404, `no subscription ${request.params.id}`);
    const body = isObject(request.body) ? request.body : {};
    const event = body.lifecycleEvent as LifecycleEvent;
    if (!LIFECYCLE.includes(event)) {
      return refuse(reply, 400, `lifecycleEvent must be one of ${LIFECYCLE.join(", ")}`);
    }
    if (subscription.lifecycleNotificationUrl === null) {
      return refuse(reply, 400, "this subscription has no lifecycleNotificationUrl");
    }
    if (event === "subscriptionRemoved") {
      data.subscriptions = data.subscriptions.filter((stored) => stored.id !== subscription.id);
      deps.changed();
    }
    return { notification: await context.notifier.lifecycle(subscription, event) };
  });

  server.post("/_sandbox/graph/application-access-policies", (request, reply) => {
    const body = isObject(request.body) ? request.body : {};
    if (typeof body.clientId !== "string" || typeof body.userId !== "string") {
      return refuse(reply, 400, "clientId and userId are required");
    }
    const policy = { clientId: body.clientId, userId: body.userId };
    const granted = data.accessPolicies.some(
      (stored) => stored.clientId === policy.clientId && stored.userId === policy.userId,
    );
    if (!granted) data.accessPolicies.push(policy);
    deps.changed();
    return reply.code(201).send(policy);
  });

  server.delete("/_sandbox/graph/application-access-policies", () => {
    data.accessPolicies = [];
    deps.changed();
    return { cleared: true };
  });

  server.get("/_sandbox/graph/throttling", () => context.throttle.limits());
  server.post("/_sandbox/graph/throttling", (request, reply) => {
    const body = isObject(request.body) ? request.body : {};
    const limits: Record<string, number> = {};
    for (const key of ["requestsPerWindow", "windowSeconds", "concurrentRequests"]) {
      const value = body[key];
      if (value === undefined) continue;
      if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
        return refuse(reply, 400, `${key} must be a whole number of at least 1`);
      }
      limits[key] = value;
    }
    return context.throttle.setLimits(limits);
  });
  server.delete("/_sandbox/graph/throttling", () => {
    context.throttle.reset();
    return context.throttle.limits();
  });
}

/** Retries due by the sandbox clock, for subscriptions that still exist and have not expired. */
export function runDueRetries(context: GraphContext) {
  const now = context.deps.clock.now();
  return context.notifier.runDue((id) =>
    context.data.subscriptions.some((stored) => stored.id === id && stored.expiresAt > now),
  );
}
