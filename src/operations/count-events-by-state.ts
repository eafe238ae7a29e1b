import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { eventOrganizationId, eventsWithOrganization } from "./event-organization.ts";
import type { OperationsScope } from "./operations-scope.ts";

export interface ProvisioningCounts {
  pending: number;
  assigned: number;
  failing: number;
}

export const provisioningStates = ["pending", "assigned", "failing"] as const;

/** Events with conferencing in the scope right now, by where their meeting stands. */
export async function countEventsByState(
  db: Kysely<Schema>,
  scope: OperationsScope,
): Promise<ProvisioningCounts> {
  const rows = await eventsWithOrganization(db)
    .select(["events.conferencing_state as state", sql<number>`count(*)::int`.as("count")])
    .where("events.deleted_at", "is", null)
    .where("events.conferencing_state", "in", [...provisioningStates])
    .$if(scope.kind === "organization", (q) =>
      q.where(eventOrganizationId, "=", (scope as { organizationId: string }).organizationId),
    )
    .groupBy("events.conferencing_state")
    .execute();
  const count = (state: string) => rows.find((r) => r.state === state)?.count ?? 0;
  return { pending: count("pending"), assigned: count("assigned"), failing: count("failing") };
}
