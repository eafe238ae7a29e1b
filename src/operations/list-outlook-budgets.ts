import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { microsoftProviderName } from "../providers/microsoft/microsoft-provider.ts";
import { outlookLimits } from "../providers/microsoft/microsoft-rate-budget.ts";
import type { ConnectionHealth } from "./list-connection-health.ts";
import type { HostBudget } from "./list-host-budgets.ts";

/**
 * How much of Outlook's limit per mailbox confab's pacing has used over the last window (10,000
 * calls in any 10 minutes), for the mailboxes of the given Microsoft Teams connections, fullest
 * first. The pacing counts each call as a row of `provider_rate_windows` under
 * `ms_teams:<kind>:<account>:<mailbox>`; a personal connection's mailbox is its own email, an
 * install's every host it made meetings for. Calls in flight are counted apart and left out.
 */
export async function listOutlookBudgets(
  db: Kysely<Schema>,
  connections: ConnectionHealth[],
): Promise<HostBudget[]> {
  const teams = connections.filter((c) => c.provider === microsoftProviderName);
  if (teams.length === 0) return [];
  const prefix = `${microsoftProviderName}:`;
  const rows = await db
    .selectFrom("provider_rate_windows")
    .select(["bucket", sql<number>`sum(used)::int`.as("used")])
    .where("bucket", "like", `${prefix}%`)
    .where("bucket", "not like", "%:in\\_flight")
    .where(
      "window_start",
      ">",
      sql<Date>`clock_timestamp() - make_interval(secs => ${outlookLimits.windowMs / 1000})`,
    )
    .groupBy("bucket")
    .execute();
  const used = new Map(rows.map((row) => [row.bucket, row.used]));
  // By bucket: two profiles of one Microsoft account share one mailbox's budget, shown once.
  const shown = new Set<string>();
  for (const c of teams) {
    const account = `${prefix}${c.kind}:${c.accountKey}:`;
    if (c.kind === "personal") {
      shown.add(`${account}${c.accountEmail.toLowerCase()}`);
      continue;
    }
    // An install names each host's mailbox: every one of its account is shown beside it.
    for (const bucket of used.keys()) {
      if (bucket.startsWith(account)) shown.add(bucket);
    }
  }
  const budgets: HostBudget[] = [];
  for (const bucket of shown) {
    const count = used.get(bucket);
    if (!count) continue;
    budgets.push({
      provider: microsoftProviderName,
      host: bucket.slice(bucket.lastIndexOf(":") + 1),
      used: count,
      limit: outlookLimits.requestsPerWindow,
    });
  }
  return budgets.sort((a, b) => b.used - a.used || a.host.localeCompare(b.host));
}
