import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { ProvisioningCounts } from "./count-events-by-state.ts";
import type { OperationsScope } from "./operations-scope.ts";

export interface ProvisioningPoint extends ProvisioningCounts {
  at: Date;
}

/** The hourly snapshots of the last `hours` hours, oldest first, summed over the scope. */
export async function provisioningHistory(
  db: Kysely<Schema>,
  scope: OperationsScope,
  hours = 24,
): Promise<ProvisioningPoint[]> {
  const rows = await db
    .selectFrom("provisioning_snapshots")
    .select([
      "taken_at",
      sql<number>`sum(pending)::int`.as("pending"),
      sql<number>`sum(assigned)::int`.as("assigned"),
      sql<number>`sum(failing)::int`.as("failing"),
    ])
    .where("taken_at", ">=", sql<Date>`now() - make_interval(hours => ${hours})`)
    .$if(scope.kind === "organization", (q) =>
      q.where("organization_id", "=", (scope as { organizationId: string }).organizationId),
    )
    .groupBy("taken_at")
    .orderBy("taken_at")
    .execute();
  return rows.map((r) => ({
    at: r.taken_at,
    pending: r.pending,
    assigned: r.assigned,
    failing: r.failing,
  }));
}
