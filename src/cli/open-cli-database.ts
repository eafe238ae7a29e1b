import { type Config, loadConfig } from "../config.ts";
import { type Database, openDatabase } from "../db/database.ts";
import { migrateToLatest } from "../db/migrate.ts";
import { createLogger } from "../logging/create-logger.ts";
import { openVault } from "../vault/secret-keys.ts";
import type { Vault } from "../vault/vault.ts";
import { type CommandContext, UsageError } from "./command.ts";

/**
 * Runs work against confab's database: the embedded one (joining a running `npm start`, or
 * starting it for the command) or DATABASE_URL, migrated first.
 */
export async function withCliDatabase<T>(
  context: CommandContext,
  work: (database: Database, vault: Vault, config: Config) => Promise<T>,
): Promise<T> {
  const config = loadConfig(context.env, context.cwd);
  const database = await openDatabase(config, createLogger("warn"));
  try {
    await migrateToLatest(database.db, database.pool);
    return await work(database, openVault(config), config);
  } finally {
    await database.close();
  }
}

/** A required string option, or a usage error naming it. */
export function requiredOption(
  values: Record<string, string | boolean | string[] | undefined>,
  name: string,
): string {
  const value = values[name];
  if (typeof value !== "string" || value.trim() === "") {
    throw new UsageError(`--${name} is required`);
  }
  return value;
}

/** The single action word after a command's name (e.g. `create` in `org create`). */
export function actionOf(positionals: string[], actions: string[]): string {
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument: ${extra[0]}`);
  if (action === undefined || !actions.includes(action)) {
    throw new UsageError(
      action === undefined
        ? `say what to do: ${actions.join(", ")}`
        : `unknown action: ${action} (one of ${actions.join(", ")})`,
    );
  }
  return action;
}
