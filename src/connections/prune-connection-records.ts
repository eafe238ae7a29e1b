import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Drops bookkeeping that has served its purpose: per-second windows long past, daily counts of
 * days gone, receipts of webhook deliveries Zoom will no longer retry (it stops after about an
 * hour and a half), OAuth round trips nobody finished, and spent single-use links that would
 * have expired by now anyway.
 */
export async function pruneConnectionRecords(db: Kysely<Schema>): Promise<Record<string, number>> {
  const deleted: Record<string, number> = {};
  const prune = async (name: string, query: ReturnType<typeof sql>) => {
    const result = await query.execute(db);
    deleted[name] = Number(result.numAffectedRows ?? 0);
  };
  await prune(
    "rate_windows",
    sql`delete from provider_rate_windows where window_start < now() - interval '1 hour'`,
  );
  await prune(
    "daily_usage",
    sql`delete from provider_daily_usage where window_start < now() - interval '3 days'`,
  );
  await prune(
    "webhook_receipts",
    sql`delete from webhook_receipts where received_at < now() - interval '7 days'`,
  );
  await prune("oauth_states", sql`delete from oauth_states where expires_at < now()`);
  await prune("spent_links", sql`delete from spent_links where expires_at < now()`);
  return deleted;
}
