import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "kysely";
import type { EncryptedColumn } from "../../src/vault/encrypted-columns.ts";
import { keyUsage, reencryptAll } from "../../src/vault/rotate-keys.ts";
import { createVault, generateSecretKey } from "../../src/vault/vault.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();
const column: EncryptedColumn = {
  table: "rotation_samples",
  idColumn: "id",
  column: "secret",
  purpose: "rotation_samples.secret",
};
const oldKey = generateSecretKey();
const newKey = generateSecretKey();

before(async () => {
  await sql`create table rotation_samples (id int primary key, secret text)`.execute(database.db);
  const vault = createVault(oldKey);
  for (let id = 1; id <= 450; id++) {
    const secret = id % 50 === 0 ? null : vault.encrypt(`secret-${id}`, column.purpose);
    await sql`insert into rotation_samples values (${id}, ${secret})`.execute(database.db);
  }
});

test("rotation re-encrypts every stored secret under the new key, in batches, keeping values", async () => {
  const rotated = createVault(newKey, [oldKey]);
  const progress: number[] = [];
  const total = await reencryptAll(
    database.db,
    rotated,
    [column],
    (_c, done) => progress.push(done),
    200,
  );
  assert.equal(total, 441);
  assert.deepEqual(progress, [200, 400, 441]);

  const usage = await keyUsage(database.db, [column]);
  assert.deepEqual(usage[0]?.byKey, { [rotated.currentKeyId]: 441 });

  const { rows } = await sql<{ id: number; secret: string | null }>`
    select id, secret from rotation_samples order by id`.execute(database.db);
  const onlyNew = createVault(newKey);
  for (const row of rows) {
    if (row.id % 50 === 0) assert.equal(row.secret, null);
    else assert.equal(onlyNew.decrypt(row.secret as string, column.purpose), `secret-${row.id}`);
  }
});

test("a second rotation under the same key has nothing left to do", async () => {
  const rotated = createVault(newKey, [oldKey]);
  assert.equal(await reencryptAll(database.db, rotated, [column]), 0);
});
