import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { eventOrganizationId, eventsWithOrganization } from "./event-organization.ts";

/** The chart shows a day; a month is kept for a longer look some day, then let go. */
const keepDays = 30;

/**
 * Writes every organization's events by conferencing state at the top of the current hour (an
 * organization with none gets zeros, so a gap in the chart always means confab was not running).
 * Run hourly by the worker's crontab; running twice in one hour overwrites, never doubles.
 */
export async function recordProvisioningSnapshot(db: Kysely<Schema>): Promise<number> {
  const counts = await eventsWithOrganization(db)
    .select([
      eventOrganizationId.as("organization_id"),
      sql<number>`count(*) filter (where events.conferencing_state = 'pending')::int`.as("pending"),
      sql<number>`count(*) filter (where events.conferencing_state = 'assigned')::int`.as(
        "assigned",
      ),
      sql<number>`count(*) filter (where events.conferencing_state = 'failing')::int`.as("failing"),
    ])
    .where("events.deleted_at", "is", null)
    .where("events.conferencing_state", "in", ["pending", "assigned", "failing"])
    .groupBy(eventOrganizationId)
    .execute();
  const byOrganization = new Map(counts.map((c) => [c.organization_id, c]));
  const organizations = await db.selectFrom("organizations").select("id").execute();
  const takenAt = sql<Date>`date_trunc('hour', now())`;
  const rows = organizations.map(({ id }) => {
    const c = byOrganization.get(id);
    return {
      organization_id: id,
      taken_at: takenAt,
      pending: c?.pending ?? 0,
      assigned: c?.assigned ?? 0,
      failing: c?.failing ?? 0,
    };
  });
  // A few thousand rows per statement keeps well under PostgreSQL's parameter limit.
  for (let i = 0; i < rows.length; i += 2000) {
    await db
      .insertInto("provisioning_snapshots")
      .values(rows.slice(i, i + 2000))
      .onConflict((oc) =>
        oc.columns(["organization_id", "taken_at"]).doUpdateSet((eb) => ({
          pending: eb.ref("excluded.pending"),
          assigned: eb.ref("excluded.assigned"),
          failing: eb.ref("excluded.failing"),
        })),
      )
      .execute();
  }
  await db
    .deleteFrom("provisioning_snapshots")
    .where("taken_at", "<", sql<Date>`now() - make_interval(days => ${keepDays})`)
    .execute();
  return rows.length;
}
