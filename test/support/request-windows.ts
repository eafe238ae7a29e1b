import { type Kysely, sql } from "kysely";
import type { Schema } from "../../src/db/schema.ts";

/**
 * Fills an application's request windows from now on, for the next seconds or minutes of the
 * database's clock (from `from` windows ahead), so that what a request meets does not depend on
 * when in a second or a minute it lands.
 */
export async function fillRequestWindows(
  db: Kysely<Schema>,
  applicationId: string,
  kind: "second" | "minute",
  count: number,
  from = 0,
) {
  const unit = kind === "second" ? "1 second" : "1 minute";
  await sql`
    insert into api_request_windows (scope, subject_id, window_kind, window_start, count)
    select 'application', ${applicationId}, ${kind},
      date_trunc(${kind}, now()) + (n * ${unit}::interval), ${count}
    from generate_series(${from}, 20) as n
    on conflict (scope, subject_id, window_kind, window_start) do update set count = excluded.count
  `.execute(db);
}

/** Empties every request window: the next request starts a count afresh. */
export async function clearRequestWindows(db: Kysely<Schema>) {
  await sql`delete from api_request_windows`.execute(db);
}
