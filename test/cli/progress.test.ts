import assert from "node:assert/strict";
import { before, test } from "node:test";
import { sql } from "kysely";
import { createVault, generateSecretKey } from "../../src/vault/vault.ts";
import { cleanEnv, runConfab } from "../support/run-confab.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();
const firstKey = generateSecretKey();
const secondKey = generateSecretKey();
const thirdKey = generateSecretKey();
const stored = 1250;

before(async () => {
  // OAuth round trips in flight: the simplest rows that hold a secret.
  const vault = createVault(firstKey);
  const hashes = Array.from({ length: stored }, (_, i) => `state-${i}`);
  const verifiers = hashes.map((h) => vault.encrypt(`verifier-${h}`, "oauth_states.code_verifier"));
  await sql`
    insert into oauth_states
      (state_hash, provider, kind, owner_ref, binding, code_verifier, return_to, expires_at)
    select hash, 'zoom', 'personal', 'usr_1', 'binding', verifier, '/', now() + interval '5 minutes'
    from unnest(${hashes}::text[], ${verifiers}::text[]) as t(hash, verifier)
  `.execute(database.db);
});

test("keys rotate reports its progress on stderr, a line per batch when not on a terminal", async () => {
  const env = cleanEnv({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: secondKey,
    CONFAB_DECRYPT_ONLY_KEYS: firstKey,
  });
  const { code, stdout, stderr } = await runConfab(["keys", "rotate"], env);
  assert.equal(code, 0, stderr);
  const lines = stderr.trimEnd().split("\n");
  assert.equal(lines[0], "re-encrypted 200 of 1,250 secrets");
  assert.equal(lines.at(-2), "re-encrypted 1,200 of 1,250 secrets");
  assert.equal(lines.at(-1), "re-encrypted 1,250 of 1,250 secrets");
  assert.ok(!stderr.includes("\r"), "no carriage returns outside a terminal");
  assert.match(stdout, /^Done: 1250 secret\(s\) re-encrypted under key /);
});

test("keys rotate --json prints only its result: no progress", async () => {
  const env = cleanEnv({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: thirdKey,
    CONFAB_DECRYPT_ONLY_KEYS: secondKey,
  });
  const { code, stdout, stderr } = await runConfab(["keys", "rotate", "--json"], env);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
  assert.equal(JSON.parse(stdout).reencrypted, stored);
});

test("keys rotate with nothing left to do prints no progress at all", async () => {
  const env = cleanEnv({ DATABASE_URL: database.connectionString, CONFAB_SECRET_KEY: thirdKey });
  const { code, stdout, stderr } = await runConfab(["keys", "rotate"], env);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, "");
  assert.match(stdout, /^Done: 0 secret\(s\) re-encrypted/);
});

test("migrate names the migrations it is about to apply on stderr, and its result on stdout", async () => {
  const empty = await useTestDatabase();
  await sql`drop schema graphile_worker cascade`.execute(empty.db);
  await sql`drop schema public cascade`.execute(empty.db);
  await sql`create schema public`.execute(empty.db);
  const env = cleanEnv({ DATABASE_URL: empty.connectionString, CONFAB_SECRET_KEY: firstKey });
  const { code, stdout, stderr } = await runConfab(["migrate"], env);
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^applying \d+ migration\(s\): 0001-foundation, .*…\n$/);
  assert.match(stdout, /^Applied \d+ migration\(s\): 0001-foundation, /);

  const again = await runConfab(["migrate", "--json"], env);
  assert.equal(again.stderr, "");
  assert.deepEqual(JSON.parse(again.stdout), { applied: [] });
});
