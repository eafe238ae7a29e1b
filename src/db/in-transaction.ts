import type { Kysely, Transaction } from "kysely";
import type { Schema } from "./schema.ts";

/**
 * Runs `work` in a transaction of its own, or in the caller's when `db` already is one: a
 * change that stands alone can then also be one step of a larger change (a form's one-time
 * key and what the form made), all standing or falling together.
 */
export function inTransaction<T>(
  db: Kysely<Schema>,
  work: (trx: Kysely<Schema>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Schema>) : db.transaction().execute(work);
}
