import { type Kysely, sql } from "kysely";
import type { Schema } from "../../db/schema.ts";
import { ProviderError } from "../provider-error.ts";
import { takeFromSpan } from "../rate-span.ts";
import type { ZoomPlan } from "./zoom-settings.ts";

/** Zoom's per-second limits per account, by call category and plan (zoom.md item 19). */
export const perSecondLimits: Record<Category, Record<ZoomPlan, number>> = {
  light: { free: 4, pro: 30, business: 80 },
  medium: { free: 2, pro: 20, business: 60 },
  heavy: { free: 1, pro: 10, business: 40 },
};
export type Category = "light" | "medium" | "heavy";

/** Meeting creations and updates per host user per UTC day (deletes do not count). */
export const dailyMeetingWrites = 100;

/**
 * The span confab's per-second budget is counted over. Zoom cuts its seconds by its own clock
 * and counts calls as they arrive, so a budget cut by confab's clock (20 at the end of one
 * second, 20 at the start of the next) can land 40 in one of Zoom's. Counted over any sliding
 * span instead, no second of Zoom's can hold more than the budget; the extra fifth of a second
 * absorbs calls that take longer than others to arrive.
 */
export const perSecondSpanMs = 1200;

/**
 * Keeps confab under Zoom's limits before Zoom has to say no. Counters live in PostgreSQL, keyed
 * by account (or host and UTC day), so every worker process shares one budget. Over budget means
 * a `rate_limited` error with the time to try again: the caller defers, never drops.
 */
export function zoomRateBudget(db: Kysely<Schema>, plan: ZoomPlan) {
  return {
    async take(accountKey: string, category: Category, meetingWriteHost?: string): Promise<void> {
      const retryAt = await takeFromSpan(
        db,
        `zoom:${accountKey}:${category}`,
        perSecondLimits[category][plan],
        perSecondSpanMs,
      );
      if (retryAt) {
        throw new ProviderError("rate_limited", "confab is pacing its calls to Zoom.", {
          retryAt: new Date(retryAt.getTime() + Math.floor(Math.random() * 200)),
        });
      }
      if (meetingWriteHost === undefined) return;
      const day = await countToday(db, `zoom:${accountKey}:${meetingWriteHost.toLowerCase()}`);
      if (day.used > dailyMeetingWrites) {
        throw new ProviderError(
          "rate_limited",
          `The Zoom host has used today's ${dailyMeetingWrites} meeting creations and updates; confab resumes at 00:00 UTC.`,
          { retryAt: new Date(day.windowEnd.getTime() + Math.floor(Math.random() * 60_000)) },
        );
      }
    },

    /**
     * Zoom answered a meeting write with an error, so it did not count it: neither does confab.
     * Without this, every refused attempt (an outage, a 429 storm) would eat the host's day.
     */
    async giveBack(accountKey: string, meetingWriteHost: string): Promise<void> {
      await sql`
        update provider_daily_usage set used = greatest(used - 1, 0)
        where bucket = ${`zoom:${accountKey}:${meetingWriteHost.toLowerCase()}`}
          and window_start = date_trunc('day', now() at time zone 'utc') at time zone 'utc'
      `.execute(db);
    },
  };
}

export type ZoomRateBudget = ReturnType<typeof zoomRateBudget>;

/** Counts one meeting write of a host's UTC day (cut on the database's clock, as Zoom cuts it). */
async function countToday(
  db: Kysely<Schema>,
  bucket: string,
): Promise<{ used: number; windowEnd: Date }> {
  const { rows } = await sql<{ used: number; window_end: Date }>`
    insert into provider_daily_usage (bucket, window_start, used)
    values (${bucket}, date_trunc('day', now() at time zone 'utc') at time zone 'utc', 1)
    on conflict (bucket, window_start) do update set used = provider_daily_usage.used + 1
    returning used, window_start + interval '1 day' as window_end
  `.execute(db);
  const row = rows[0] as { used: number; window_end: Date };
  return { used: row.used, windowEnd: row.window_end };
}
