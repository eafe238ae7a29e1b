/**
 * `/v1.0/subscriptions` for a mailbox's events (learn.microsoft.com/graph/api/subscription-post-subscriptions,
 * learn.microsoft.com/graph/api/resources/subscription). Creating and managing one needs read
 * access to the resource (Calendars.Read or Calendars.ReadWrite,
 * learn.microsoft.com/graph/outlook-change-notifications-overview). The notification URL and the
 * lifecycle URL are validated before the subscription exists; a new notificationUrl on PATCH is
 * validated again. `expirationDateTime` may be at most 10,080 minutes (under 7 days) ahead for
 * Outlook events ("Subscription lifetime" table); longer is refused with Graph's ExtensionError
 * "Subscription expiration can only be N minutes in the future."
 * (github.com/microsoftgraph/microsoft-graph-docs/issues/2988); anything under 45 minutes is
 * raised to 45 minutes, as the subscription resource's expirationDateTime says. `clientState`
 * is at most 128 characters. An app sees only its own subscriptions; an expired one is gone.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { GraphCaller } from "../graph-caller.ts";
import type { GraphContext } from "../graph-context.ts";
import type { StoredSubscription } from "../graph-data.ts";
import { badRequest, GraphError } from "../graph-error.ts";
import { isoInstant } from "../graph-time.ts";
import { newGuid } from "../identifiers.ts";
import { calendarMailbox } from "../mailbox-access.ts";
import { checkUrl, validateEndpoint } from "./validation-handshake.ts";

export const MAX_EVENT_SUBSCRIPTION_MINUTES = 10_080;
export const MIN_SUBSCRIPTION_MINUTES = 45;
const CHANGE_TYPES = ["created", "updated", "deleted"] as const;
const RESOURCE = /^\/?(me|users\/([^/]+))(\/calendar)?\/events$/i;

type Params = { id: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function subscriptionView(subscription: StoredSubscription) {
  return {
    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
    id: subscription.id,
    resource: subscription.resource,
    applicationId: subscription.clientId,
    changeType: subscription.changeTypes.join(","),
    clientState: subscription.clientState,
    notificationUrl: subscription.notificationUrl,
    notificationQueryOptions: null,
    lifecycleNotificationUrl: subscription.lifecycleNotificationUrl,
    expirationDateTime: isoInstant(subscription.expiresAt),
    creatorId: subscription.creatorId,
    includeResourceData: false,
    latestSupportedTlsVersion: "v1_2",
    encryptionCertificate: null,
    encryptionCertificateId: null,
    notificationUrlAppId: null,
  };
}

export function registerSubscriptionsRoutes(scope: FastifyInstance, context: GraphContext): void {
  const { deps, data } = context;

  function expiryOf(value: unknown): number {
    const instant = typeof value === "string" ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(instant)) {
      throw badRequest("expirationDateTime is required and must be an ISO 8601 date-time.");
    }
    const now = deps.clock.now();
    if (instant <= now) {
      throw new GraphError(400, "ExtensionError", "Subscription expiration must be in the future.");
    }
    if (instant > now + MAX_EVENT_SUBSCRIPTION_MINUTES * 60_000) {
      throw new GraphError(
        400,
        "ExtensionError",
        `Subscription expiration can only be ${MAX_EVENT_SUBSCRIPTION_MINUTES} minutes in the future.`,
      );
    }
    return Math.max(instant, now + MIN_SUBSCRIPTION_MINUTES * 60_000);
  }

  function ownSubscription(caller: GraphCaller, id: string): StoredSubscription {
    const subscription = data.subscriptions.find(
      (stored) =>
        stored.id === id &&
        stored.clientId === caller.clientId &&
        stored.tenantId === caller.tenantId &&
        stored.expiresAt > deps.clock.now(),
    );
    if (subscription === undefined) {
      throw new GraphError(404, "ResourceNotFound", `The subscription '${id}' was not found.`);
    }
    return subscription;
  }

  scope.post("/v1.0/subscriptions", async (request, reply) => {
    const caller = deps.authenticate(request.headers);
    const body = request.body;
    if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
    const resource = typeof body.resource === "string" ? body.resource : "";
    const match = RESOURCE.exec(resource);
    if (match === null) {
      throw badRequest(
        `The sandbox's subscriptions cover a mailbox's events ('me/events' or 'users/{id}/events'); got resource '${resource}'.`,
      );
    }
    const mailbox = calendarMailbox(deps, caller, match[2] ?? "me", "read");
    const changeTypes = String(body.changeType ?? "")
      .split(",")
      .map((type) => type.trim());
    if (
      changeTypes.length === 0 ||
      !changeTypes.every((type) => (CHANGE_TYPES as readonly string[]).includes(type))
    ) {
      throw badRequest(
        `changeType must be a comma-separated list of created, updated, deleted; got '${String(body.changeType)}'.`,
      );
    }
    const clientState = body.clientState ?? null;
    if (clientState !== null && (typeof clientState !== "string" || clientState.length > 128)) {
      throw badRequest("clientState must be a string of at most 128 characters.");
    }
    const expiresAt = expiryOf(body.expirationDateTime);
    const notificationUrl = checkUrl("notificationUrl", body.notificationUrl);
    const lifecycleNotificationUrl =
      body.lifecycleNotificationUrl === undefined || body.lifecycleNotificationUrl === null
        ? null
        : checkUrl("lifecycleNotificationUrl", body.lifecycleNotificationUrl);
    await validateEndpoint(notificationUrl);
    if (lifecycleNotificationUrl !== null) await validateEndpoint(lifecycleNotificationUrl);
    const subscription: StoredSubscription = {
      id: newGuid(),
      tenantId: caller.tenantId,
      clientId: caller.clientId,
      creatorId: caller.userId ?? caller.clientId,
      resource,
      mailboxId: mailbox.id,
      changeTypes: [...new Set(changeTypes)] as StoredSubscription["changeTypes"],
      notificationUrl,
      lifecycleNotificationUrl,
      clientState,
      expiresAt,
    };
    data.subscriptions.push(subscription);
    deps.changed();
    return reply.code(201).send(subscriptionView(subscription));
  });

  scope.get("/v1.0/subscriptions", (request) => {
    const caller = deps.authenticate(request.headers);
    const now = deps.clock.now();
    return {
      "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscriptions",
      value: data.subscriptions
        .filter(
          (stored) =>
            stored.clientId === caller.clientId &&
            stored.tenantId === caller.tenantId &&
            stored.expiresAt > now,
        )
        .map(subscriptionView),
    };
  });

  scope.get<{ Params: Params }>(
    "/v1.0/subscriptions/:id",
    (request: FastifyRequest<{ Params: Params }>) => {
      const caller = deps.authenticate(request.headers);
      return subscriptionView(ownSubscription(caller, request.params.id));
    },
  );

  scope.patch<{ Params: Params }>("/v1.0/subscriptions/:id", async (request) => {
    const caller = deps.authenticate(request.headers);
    const subscription = ownSubscription(caller, request.params.id);
    const body = request.body;
    if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
    const expiresAt =
      body.expirationDateTime === undefined
        ? subscription.expiresAt
        : expiryOf(body.expirationDateTime);
    if (
      body.notificationUrl !== undefined &&
      body.notificationUrl !== subscription.notificationUrl
    ) {
      const notificationUrl = checkUrl("notificationUrl", body.notificationUrl);
      await validateEndpoint(notificationUrl);
      subscription.notificationUrl = notificationUrl;
    }
    subscription.expiresAt = expiresAt;
    deps.changed();
    return subscriptionView(subscription);
  });

  scope.delete<{ Params: Params }>("/v1.0/subscriptions/:id", (request, reply) => {
    const caller = deps.authenticate(request.headers);
    const subscription = ownSubscription(caller, request.params.id);
    data.subscriptions = data.subscriptions.filter((stored) => stored.id !== subscription.id);
    deps.changed();
    return reply.code(204).send();
  });
}
