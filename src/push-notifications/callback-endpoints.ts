import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * The circuit breaker of each address an application receives notifications at. After
 * `failuresBeforePause` failures in a row the endpoint is paused, for a minute at first and
 * twice as long after each further failure, up to an hour; a delivery due while it is paused
 * waits for the pause to end without counting as an attempt. One success closes it again.
 */
export const breakerRules = {
  failuresBeforePause: 5,
  firstPauseSeconds: 60,
  longestPauseSeconds: 3600,
};

/** The breaker's key: scheme, host and port, which is what fails together. */
export function endpointOf(uri: string): string {
  const url = new URL(uri);
  return `${url.protocol}//${url.host}`;
}

/** Until when deliveries to the endpoint wait, if it is paused now (the database's clock). */
export async function pausedUntil(
  db: Kysely<Schema>,
  applicationId: string,
  endpoint: string,
): Promise<Date | undefined> {
  const row = await db
    .selectFrom("callback_endpoints")
    .select("paused_until")
    .where("application_id", "=", applicationId)
    .where("endpoint", "=", endpoint)
    .where("paused_until", ">", sql<Date>`now()`)
    .executeTakeFirst();
  return row?.paused_until ?? undefined;
}

export async function recordEndpointSuccess(
  db: Kysely<Schema>,
  applicationId: string,
  endpoint: string,
) {
  await db
    .insertInto("callback_endpoints")
    .values({ application_id: applicationId, endpoint, last_success_at: sql`now()` })
    .onConflict((oc) =>
      oc.columns(["application_id", "endpoint"]).doUpdateSet({
        consecutive_failures: 0,
        paused_until: null,
        last_success_at: sql`now()`,
      }),
    )
    .execute();
}

/** Counts a failure; returns the end of the pause it starts, if it starts one. */
export async function recordEndpointFailure(
  db: Kysely<Schema>,
  applicationId: string,
  endpoint: string,
  problem: string,
): Promise<Date | undefined> {
  const { failuresBeforePause: limit, firstPauseSeconds, longestPauseSeconds } = breakerRules;
  const row = await db
    .insertInto("callback_endpoints")
    .values({
      application_id: applicationId,
      endpoint,
      consecutive_failures: 1,
      last_error: problem,
      last_failure_at: sql`now()`,
      paused_until: limit <= 1 ? sql`now() + make_interval(secs => ${firstPauseSeconds})` : null,
    })
    .onConflict((oc) =>
      oc.columns(["application_id", "endpoint"]).doUpdateSet({
        consecutive_failures: sql`callback_endpoints.consecutive_failures + 1`,
        last_error: problem,
        last_failure_at: sql`now()`,
        paused_until: sql`case when callback_endpoints.consecutive_failures + 1 >= ${limit}
          then now() + make_interval(secs => least(${longestPauseSeconds},
            ${firstPauseSeconds} * power(2, callback_endpoints.consecutive_failures + 1 - ${limit})))
          else null end`,
      }),
    )
    .returning("paused_until")
    .executeTakeFirstOrThrow();
  return row.paused_until ?? undefined;
}
