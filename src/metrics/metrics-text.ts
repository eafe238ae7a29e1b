import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { exposeProcessMetrics } from "./confab-metrics.ts";
import { exposeDatabaseGauges } from "./database-gauges.ts";

export const metricsContentType = "text/plain; version=0.0.4; charset=utf-8";

/** What a scrape of /metrics answers: this process's instruments, then the database's readings. */
export async function metricsText(db: Kysely<Schema>): Promise<string> {
  return exposeProcessMetrics() + (await exposeDatabaseGauges(db));
}
