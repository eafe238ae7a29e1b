import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import { encryptedColumns } from "../vault/encrypted-columns.ts";
import { keyUsage } from "../vault/rotate-keys.ts";
import { loadSecretKeys } from "../vault/secret-keys.ts";
import { keyId } from "../vault/vault.ts";
import type { CheckResult, Finding } from "./doctor-check.ts";

/**
 * Every secret stored in the database opens with a configured key. A missing key is a failure
 * (those secrets are unreadable: Zoom connections break, applications cannot sign); secrets still
 * under a decrypt-only key mean a rotation is half done.
 */
export async function checkEncryptionKeys(
  config: Config,
  db: Kysely<Schema>,
): Promise<CheckResult> {
  const keys = loadSecretKeys(config);
  const current = keyId(Buffer.from(keys.current, "base64"));
  const available = new Set([
    current,
    ...keys.decryptOnly.map((k) => keyId(Buffer.from(k, "base64"))),
  ]);
  const secretsByKey = new Map<string, { count: number; columns: string[] }>();
  for (const column of await keyUsage(db, encryptedColumns)) {
    for (const [id, count] of Object.entries(column.byKey)) {
      const entry = secretsByKey.get(id) ?? { count: 0, columns: [] };
      entry.count += count;
      entry.columns.push(`${column.table}.${column.column}`);
      secretsByKey.set(id, entry);
    }
  }

  const missing: Finding[] = [];
  const old: Finding[] = [];
  for (const [id, { count, columns }] of secretsByKey) {
    if (!available.has(id)) {
      missing.push({
        problem: `${count} secret(s) (${columns.join(", ")}) are under key ${id}, which is not configured`,
        fix: `add the key whose id is ${id} to CONFAB_DECRYPT_ONLY_KEYS (\`CONFAB_SECRET_KEY=<key> confab keys status\` prints a key's id); if it is lost, those secrets are too: people reconnect Zoom and applications rotate their client secrets`,
      });
    } else if (id !== current) {
      old.push({
        problem: `${count} secret(s) are still under the previous key ${id}`,
        fix: "run `confab keys rotate` to finish the rotation",
      });
    }
  }
  const total = [...secretsByKey.values()].reduce((sum, e) => sum + e.count, 0);
  const summary = `current key ${current} (from the ${keys.source}), ${keys.decryptOnly.length} decrypt-only; ${total} stored secret(s)`;
  if (missing.length > 0) {
    return { check: "encryption-keys", status: "fail", summary, findings: [...missing, ...old] };
  }
  if (old.length > 0) return { check: "encryption-keys", status: "warn", summary, findings: old };
  return {
    check: "encryption-keys",
    status: "pass",
    summary: `${summary}, all under keys that are configured`,
    findings: [],
  };
}
