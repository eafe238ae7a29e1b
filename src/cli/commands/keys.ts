import type { Kysely } from "kysely";
import { loadConfig } from "../../config.ts";
import { openDatabase } from "../../db/database.ts";
import { migrateToLatest } from "../../db/migrate.ts";
import type { Schema } from "../../db/schema.ts";
import { createLogger } from "../../logging/create-logger.ts";
import { type EncryptedColumn, encryptedColumns } from "../../vault/encrypted-columns.ts";
import { keyUsage, reencryptAll } from "../../vault/rotate-keys.ts";
import { loadSecretKeys, openVault, replaceDataFolderKey } from "../../vault/secret-keys.ts";
import { generateSecretKey, keyId } from "../../vault/vault.ts";
import { type Command, type CommandContext, UsageError } from "../command.ts";
import { count, progressLine } from "../progress-line.ts";

export const keysCommand: Command = {
  name: "keys",
  summary: "inspect, generate and rotate the keys that encrypt secrets at rest",
  usage: "keys <status|generate|rotate> [--new-key] [--json]",
  description: [
    "status    which key ids the stored secrets are encrypted under",
    "generate  print a new random key for CONFAB_SECRET_KEY (nothing is stored)",
    "rotate    re-encrypt every stored secret under the current key, in small batches while",
    "          confab keeps running. With --new-key (keys kept in the data folder only) a new",
    "          key is made first and the old one is kept for decryption.",
    "",
    "Rotating a key given in the environment, without downtime:",
    "  1. add the new key to CONFAB_DECRYPT_ONLY_KEYS everywhere and restart each process;",
    "  2. make it CONFAB_SECRET_KEY and move the old one to CONFAB_DECRYPT_ONLY_KEYS; restart;",
    "  3. run `confab keys rotate`; when `confab keys status` shows only the new key id,",
    "     remove the old key from CONFAB_DECRYPT_ONLY_KEYS.",
  ].join("\n"),
  options: { json: { type: "boolean" }, "new-key": { type: "boolean" } },
  optionHelp: [
    ["--new-key", "with rotate: make a new key first (keys in the data folder only)"],
    ["--json", "print the result as JSON"],
  ],
  allowPositionals: true,
  async run(values, positionals, context) {
    const [action, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
    if (action === "generate") {
      const key = generateSecretKey();
      const id = keyId(Buffer.from(key, "base64"));
      context.print(values.json ? JSON.stringify({ key, key_id: id }) : key);
      return 0;
    }
    if (action === "status") return status(values.json === true, context);
    if (action === "rotate")
      return rotate(values.json === true, values["new-key"] === true, context);
    throw new UsageError(
      action === undefined
        ? "say what to do: status, generate or rotate"
        : `unknown action: ${action}`,
    );
  },
};

async function withDatabase<T>(
  context: CommandContext,
  work: (database: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>,
): Promise<T> {
  const config = loadConfig(context.env, context.cwd);
  const database = await openDatabase(config, createLogger("warn"));
  try {
    await migrateToLatest(database.db, database.pool);
    return await work(database);
  } finally {
    await database.close();
  }
}

async function status(json: boolean, context: CommandContext): Promise<number> {
  const config = loadConfig(context.env, context.cwd);
  const keys = loadSecretKeys(config);
  const current = keyId(Buffer.from(keys.current, "base64"));
  const usage = await withDatabase(context, ({ db }) => keyUsage(db, encryptedColumns));
  if (json) {
    context.print(JSON.stringify({ current_key_id: current, source: keys.source, columns: usage }));
    return 0;
  }
  context.print(`Current key: ${current} (from the ${keys.source})`);
  if (usage.length === 0) context.print("No encrypted columns yet.");
  for (const column of usage) {
    const parts = Object.entries(column.byKey).map(
      ([id, n]) => `${n} under ${id}${id === current ? " (current)" : ""}`,
    );
    context.print(`${column.table}.${column.column}: ${parts.join(", ") || "empty"}`);
  }
  return 0;
}

async function rotate(json: boolean, newKey: boolean, context: CommandContext): Promise<number> {
  const config = loadConfig(context.env, context.cwd);
  if (newKey) {
    replaceDataFolderKey(config);
    if (!json) context.print("Made a new key; the previous one stays for decryption.");
  }
  const vault = openVault(config);
  const progress = json ? undefined : progressLine();
  const total = await withDatabase(context, async ({ db }) => {
    const toDo = await secretsNotUnder(db, vault.currentKeyId);
    const doneByColumn = new Map<EncryptedColumn, number>();
    try {
      return await reencryptAll(db, vault, encryptedColumns, (column, done) => {
        doneByColumn.set(column, done);
        const sum = [...doneByColumn.values()].reduce((a, b) => a + b, 0);
        // Processes still running on the old key may add secrets meanwhile: never "5 of 4".
        progress?.show(`re-encrypted ${count(sum)} of ${count(Math.max(toDo, sum))} secrets`);
      });
    } finally {
      progress?.finish();
    }
  });
  if (json)
    context.print(JSON.stringify({ current_key_id: vault.currentKeyId, reencrypted: total }));
  else context.print(`Done: ${total} secret(s) re-encrypted under key ${vault.currentKeyId}.`);
  return 0;
}

/** How many stored secrets a rotation has left to re-encrypt. */
async function secretsNotUnder(db: Kysely<Schema>, currentKeyId: string): Promise<number> {
  const usage = await keyUsage(db, encryptedColumns);
  return usage
    .flatMap((column) => Object.entries(column.byKey))
    .filter(([id]) => id !== currentKeyId)
    .reduce((sum, [, n]) => sum + n, 0);
}
