import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

/** Requests one application, and one of its calendars, may make per second and per minute. */
export interface ApiRateLimits {
  application: { perSecond: number; perMinute: number };
  calendar: { perSecond: number; perMinute: number };
}

/** A refusal for going over a limit: answered 429, with when to try again. */
export class RateLimited extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super("rate_limited", message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

type Scope = "application" | "calendar";

/**
 * Counts one API request against its application's and its calendar's windows, in PostgreSQL so
 * that every web process shares the count, and refuses it once a window is full. Windows are
 * cut by the database's clock (the whole second, the whole minute), so processes agree on them.
 * A refused request is counted too: hammering a full window does not open it sooner.
 */
export async function countApiRequest(
  db: Kysely<Schema>,
  caller: { applicationId: string; calendarId?: string | undefined },
  limits: ApiRateLimits,
): Promise<void> {
  const keys: [Scope, string][] = [["application", caller.applicationId]];
  if (caller.calendarId) keys.push(["calendar", caller.calendarId]);
  const rows: { scope: Scope; window: string; count: number; retry_after: number }[] = [];
  for (const [scope, id] of keys) {
    const { rows: counted } = await sql<{
      scope: Scope;
      window: string;
      count: number;
      retry_after: number;
    }>`
      insert into api_request_windows (scope, subject_id, window_kind, window_start, count)
      values
        (${scope}, ${id}, 'second', date_trunc('second', now()), 1),
        (${scope}, ${id}, 'minute', date_trunc('minute', now()), 1)
      on conflict (scope, subject_id, window_kind, window_start)
        do update set count = api_request_windows.count + 1
      returning scope, window_kind as window, count,
        ceil(extract(epoch from window_start
          + case window_kind when 'second' then interval '1 second' else interval '1 minute' end
          - now()))::int as retry_after
    `.execute(db);
    rows.push(...counted);
  }
  for (const row of rows) {
    const limit =
      row.window === "second" ? limits[row.scope].perSecond : limits[row.scope].perMinute;
    if (row.count > limit) {
      const who = row.scope === "application" ? "This application" : "This calendar";
      const retry = Math.max(1, row.retry_after);
      throw new RateLimited(
        `${who} made more than ${limit} requests in a ${row.window}, the most confab takes. Try again in ${retry} second${retry === 1 ? "" : "s"} (Retry-After).`,
        retry,
      );
    }
  }
}

/** Closed windows (kept an hour, for the operator's view) and ended grants go; run hourly. */
export async function pruneQuotaRecords(db: Kysely<Schema>) {
  const windows = await db
    .deleteFrom("api_request_windows")
    .where("window_start", "<", sql<Date>`now() - interval '2 hours'`)
    .executeTakeFirst();
  const grants = await db
    .deleteFrom("api_grants")
    .where("expires_at", "<=", sql<Date>`now()`)
    .executeTakeFirst();
  // Access tokens a refresh left working, once their hour is over.
  await db
    .deleteFrom("api_previous_access_tokens")
    .where("expires_at", "<=", sql<Date>`now()`)
    .execute();
  return { windows: Number(windows.numDeletedRows), grants: Number(grants.numDeletedRows) };
}
