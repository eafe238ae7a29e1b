import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { EncryptedColumn } from "./encrypted-columns.ts";
import type { Vault } from "./vault.ts";

export interface ColumnKeyUsage {
  table: string;
  column: string;
  /** How many values each key id encrypts. */
  byKey: Record<string, number>;
}

/** Which keys the stored secrets are under: rotation is done when only the current one is left. */
export async function keyUsage(
  db: Kysely<Schema>,
  columns: EncryptedColumn[],
): Promise<ColumnKeyUsage[]> {
  const usage: ColumnKeyUsage[] = [];
  for (const c of columns) {
    const { rows } = await sql<{ key_id: string; count: string }>`
      select split_part(${sql.ref(c.column)}, '.', 2) as key_id, count(*)::text as count
      from ${sql.table(c.table)} where ${sql.ref(c.column)} is not null group by 1
    `.execute(db);
    usage.push({
      table: c.table,
      column: c.column,
      byKey: Object.fromEntries(rows.map((r) => [r.key_id, Number(r.count)])),
    });
  }
  return usage;
}

/**
 * Re-encrypts every stored secret that is not under the vault's current key, a batch per
 * transaction, locking only the rows of the batch: the service keeps running meanwhile.
 */
export async function reencryptAll(
  db: Kysely<Schema>,
  vault: Vault,
  columns: EncryptedColumn[],
  onProgress: (column: EncryptedColumn, done: number) => void = () => {},
  batchSize = 200,
): Promise<number> {
  let total = 0;
  for (const c of columns) {
    let done = 0;
    for (;;) {
      const changed = await db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ id: unknown; value: string }>`
          select ${sql.ref(c.idColumn)} as id, ${sql.ref(c.column)} as value
          from ${sql.table(c.table)}
          where ${sql.ref(c.column)} is not null
            and split_part(${sql.ref(c.column)}, '.', 2) <> ${vault.currentKeyId}
          limit ${batchSize} for update skip locked
        `.execute(trx);
        for (const row of rows) {
          const value = vault.encrypt(vault.decrypt(row.value, c.purpose), c.purpose);
          await sql`update ${sql.table(c.table)} set ${sql.ref(c.column)} = ${value}
                    where ${sql.ref(c.idColumn)} = ${row.id}`.execute(trx);
        }
        return rows.length;
      });
      if (changed === 0) break;
      done += changed;
      onProgress(c, done);
    }
    total += done;
  }
  return total;
}
