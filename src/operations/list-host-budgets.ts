import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { dailyMeetingWrites } from "../providers/zoom/zoom-rate-budget.ts";
import type { ConnectionHealth } from "./list-connection-health.ts";

/**
 * One host's use of a provider's budget: Zoom's meeting writes per host and UTC day, or
 * Outlook's calls per mailbox over a sliding window (list-outlook-budgets.ts).
 */
export interface HostBudget {
  provider: string;
  /** Whom the meetings are made for: the provider user's email, or the profiles acting as `me`. */
  host: string;
  used: number;
  limit: number;
}

/**
 * Today's (UTC) use of Zoom's per-host budget of meeting creations and updates, for the hosts of
 * the accounts behind the given connections, fullest first. The budget's counters are keyed
 * `zoom:<account>:<host>`, where a personal profile's host is `me`.
 */
export async function listHostBudgets(
  db: Kysely<Schema>,
  connections: ConnectionHealth[],
): Promise<HostBudget[]> {
  const accounts = new Map<string, ConnectionHealth[]>();
  for (const c of connections.filter((c) => c.provider === "zoom")) {
    accounts.set(c.accountKey, [...(accounts.get(c.accountKey) ?? []), c]);
  }
  if (accounts.size === 0) return [];
  // Today's rows are one per host that made or changed a meeting today: few, read whole.
  const rows = await db
    .selectFrom("provider_daily_usage")
    .select(["bucket", "used"])
    .where(
      "window_start",
      "=",
      sql<Date>`date_trunc('day', now() at time zone 'utc') at time zone 'utc'`,
    )
    .where("bucket", "like", "zoom:%")
    .execute();
  const budgets: HostBudget[] = [];
  for (const row of rows) {
    const split = row.bucket.lastIndexOf(":");
    const accountKey = row.bucket.slice("zoom:".length, split);
    const host = row.bucket.slice(split + 1);
    const inAccount = accounts.get(accountKey);
    if (!inAccount) continue;
    const personal = inAccount.filter((c) => c.kind === "personal").map((c) => c.accountEmail);
    const install = inAccount.find((c) => c.kind === "organization");
    // A Zoom account may serve more than one organization: a named host is shown only beside
    // the install it belongs to or the personal profile that is that host (personal profiles
    // count under their own email), `me` only beside the personal profiles that act as it.
    const ownProfile = personal.some((email) => email.toLowerCase() === host);
    if (host === "me" ? personal.length === 0 : !install && !ownProfile) continue;
    budgets.push({
      provider: "zoom",
      host: host === "me" ? personal.join(", ") : host,
      used: row.used,
      limit: dailyMeetingWrites,
    });
  }
  return budgets.sort((a, b) => b.used - a.used || a.host.localeCompare(b.host));
}
