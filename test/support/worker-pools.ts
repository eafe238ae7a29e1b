import type { Kysely } from "kysely";
import type { Config } from "../../src/config.ts";
import { connect as connectPool } from "../../src/db/database.ts";
import type { Schema } from "../../src/db/schema.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { createZoomProvider } from "../../src/providers/zoom/zoom-provider.ts";
import type { Vault } from "../../src/vault/vault.ts";
import { cleanup } from "./cleanup.ts";

/**
 * Database pools that stand for separate worker processes, each with its own connections and
 * Zoom connector: what a test of work racing across processes runs on.
 */
export function workerPools(
  confab: { database: { connectionString: string }; config: Config },
  vault: Vault,
  count: number,
): { db: Kysely<Schema>; vault: Vault; provider: ReturnType<typeof createZoomProvider> }[] {
  return Array.from({ length: count }, () => {
    const database = connectPool(confab.database.connectionString, createLogger("silent"), 4);
    cleanup(() => database.close());
    return {
      db: database.db,
      vault,
      provider: createZoomProvider(confab.config.zoom, database.db),
    };
  });
}
