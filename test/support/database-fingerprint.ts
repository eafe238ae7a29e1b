import { type Kysely, sql } from "kysely";
import type { Schema } from "../../src/db/schema.ts";

/**
 * Tables a refused request may legitimately write: a failed sign-in is counted, using a session
 * keeps it alive, and an API request is counted against its limits whatever its answer.
 * Everything else must be exactly as it was after a 4xx.
 */
const expectedToChange = new Set([
  "public.sessions",
  "public.sign_in_failures",
  "public.api_request_windows",
]);

/**
 * A fingerprint of every row of every table (confab's and the job queue's): row count and a sum
 * of row hashes per table, so an insert, a delete or an update anywhere shows up as a change.
 */
export async function databaseFingerprint(
  db: Kysely<Schema>,
  ignore: Iterable<string> = expectedToChange,
): Promise<Record<string, string>> {
  const skip = new Set(ignore);
  const tables = await tablesOf(db);
  const wanted = tables.filter((t) => !skip.has(t));
  if (wanted.length === 0) return {};
  const query = wanted
    .map(
      (t) =>
        `select '${t}' as name, count(*)::text || ':' || coalesce(sum(hashtext(r::text)::bigint), 0)::text as print from ${t} r`,
    )
    .join(" union all ");
  const { rows } = await sql.raw<{ name: string; print: string }>(query).execute(db);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}

let cached: Promise<string[]> | undefined;
function tablesOf(db: Kysely<Schema>): Promise<string[]> {
  cached ??= sql<{ name: string }>`
    select format('%I.%I', schemaname, tablename) as name from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema') order by 1`
    .execute(db)
    .then((r) => r.rows.map((row) => row.name));
  return cached;
}

/** The tables whose fingerprint differs between two readings. */
export function changedTables(before: Record<string, string>, after: Record<string, string>) {
  return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t]);
}
