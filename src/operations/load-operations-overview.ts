import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";
import { countEventsByState, type ProvisioningCounts } from "./count-events-by-state.ts";
import { type ConnectionHealth, listConnectionHealth } from "./list-connection-health.ts";
import { type FailingEvent, listFailingEvents } from "./list-failing-events.ts";
import { type HostBudget, listHostBudgets } from "./list-host-budgets.ts";
import { listOutlookBudgets } from "./list-outlook-budgets.ts";
import type { OperationsScope } from "./operations-scope.ts";
import { type ProvisioningPoint, provisioningHistory } from "./provisioning-history.ts";

export interface OperationsOverview {
  now: ProvisioningCounts;
  /** Hourly snapshots of the window, then the count now as the last point. */
  history: ProvisioningPoint[];
  window: { from: Date; to: Date; hours: number };
  failing: FailingEvent[];
  connections: ConnectionHealth[];
  /** Each provider's budget per host, by provider name (`zoom`, `ms_teams`), fullest first. */
  budgets: HostBudget[];
}

/** Everything the operations dashboard shows for a scope, read at once. */
export async function loadOperationsOverview(
  db: Kysely<Schema>,
  providers: Providers,
  scope: OperationsScope,
  hours = 24,
): Promise<OperationsOverview> {
  const to = new Date();
  const [now, history, failing, connections] = await Promise.all([
    countEventsByState(db, scope),
    provisioningHistory(db, scope, hours),
    listFailingEvents(db, providers, scope),
    listConnectionHealth(db, providers, scope),
  ]);
  const [zoomBudgets, outlookBudgets] = await Promise.all([
    listHostBudgets(db, connections),
    listOutlookBudgets(db, connections),
  ]);
  return {
    now,
    history: [...history, { at: to, ...now }],
    window: { from: new Date(to.getTime() - hours * 3600_000), to, hours },
    failing,
    connections,
    budgets: [...zoomBudgets, ...outlookBudgets],
  };
}
