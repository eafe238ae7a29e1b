import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/**
 * Counts what a cap limits, taking turns with every other transaction counting under the same
 * key (an advisory lock held to the end of the transaction). A row the caller just inserted is
 * in the count, and so is every other that committed first, so a cap holds exactly however many
 * web processes add at once.
 */
export async function countTakingTurns(
  trx: Kysely<Schema>,
  key: string,
  count: () => Promise<string | number | bigint>,
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  return Number(await count());
}
