import { loadConfig } from "../../src/config.ts";
import { buildApp } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { generateSecretKey } from "../../src/vault/vault.ts";
import { cleanup } from "./cleanup.ts";
import { useTestDatabase } from "./test-database.ts";

/** The web app on a database of this file's own, for `inject` (no port, no worker). */
export async function buildWebApp(env: Record<string, string> = {}) {
  const database = await useTestDatabase();
  const config = loadConfig({
    DATABASE_URL: database.connectionString,
    CONFAB_SECRET_KEY: generateSecretKey(),
    ...env,
  });
  const app = await buildApp({ config, database, logger: createLogger("silent") });
  cleanup(() => app.close());
  return { app, database, db: database.db, config };
}
