/**
 * Microsoft Graph's calendar, online-meeting and subscription surfaces, registered on the
 * sandbox's server. The state they keep is theirs; the server persists and resets it through
 * what this returns, and runs due notification retries with `runDue()` (for instance after the
 * control API moves the clock).
 */
import type { FastifyInstance } from "fastify";
import { registerOutlookControlRoutes, runDueRetries } from "./control/outlook-routes.ts";
import { registerEventsRoutes } from "./events/events-routes.ts";
import type { GraphRouteDeps } from "./graph-caller.ts";
import type { GraphContext } from "./graph-context.ts";
import { emptyGraphData, isGraphData } from "./graph-data.ts";
import { registerJoinPageRoutes } from "./join-page-routes.ts";
import { parseGraphJson } from "./json-body.ts";
import { registerOnlineMeetingsRoutes } from "./online-meetings/online-meetings-routes.ts";
import { createNotifier, type NotificationDelivery } from "./subscriptions/notifier.ts";
import { registerSubscriptionsRoutes } from "./subscriptions/subscriptions-routes.ts";
import { createThrottle } from "./throttling.ts";

export interface GraphState {
  /** Plain JSON, for the state file. */
  snapshot(): unknown;
  restore(saved: unknown): void;
  reset(): void;
  /** Sends the notification retries that are due by the sandbox clock. */
  runDue(): Promise<NotificationDelivery[]>;
  /** Waits for deliveries in flight and drops pending retries (on shutdown). */
  close(): Promise<void>;
}

export function registerGraphRoutes(server: FastifyInstance, deps: GraphRouteDeps): GraphState {
  const context: GraphContext = {
    deps,
    data: emptyGraphData(),
    throttle: createThrottle(deps.clock),
    notifier: createNotifier(deps.clock),
  };

  // Its own scope, so that only Graph's routes answer a broken JSON body the way Graph does.
  void server.register(async (scope) => {
    parseGraphJson(scope);
    registerEventsRoutes(scope, context);
    registerOnlineMeetingsRoutes(scope, context);
    registerSubscriptionsRoutes(scope, context);
  });
  registerJoinPageRoutes(server, context);
  registerOutlookControlRoutes(server, context);

  return {
    snapshot: () => structuredClone(context.data),
    restore(saved) {
      if (!isGraphData(saved)) throw new Error("not a saved state of the Graph sandbox");
      Object.assign(context.data, structuredClone(saved));
    },
    reset() {
      Object.assign(context.data, emptyGraphData());
      context.throttle.reset();
      context.notifier.clear();
    },
    runDue: () => runDueRetries(context),
    close: () => context.notifier.close(),
  };
}
