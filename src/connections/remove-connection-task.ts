import type { Task } from "graphile-worker";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { disconnect } from "./disconnect.ts";

/**
 * Removes a connection whose owner is gone (an application's calendars, with the application):
 * its grant is revoked at the provider and confab's tokens are dropped, as "Remove" does. A
 * provider that cannot be told is recorded on the connection and not retried: the tokens are
 * gone either way.
 */
export function removeConnectionTask(deps: {
  db: Kysely<Schema>;
  vault: Vault;
  providers: Providers;
}): Task {
  return async (payload) => {
    const { connectionId } = payload as TaskPayloads["connections:remove"];
    const row = await deps.db
      .selectFrom("provider_connections")
      .select("provider")
      .where("id", "=", connectionId)
      .executeTakeFirst();
    const provider = row && deps.providers.get(row.provider);
    if (!provider) return;
    await disconnect({ db: deps.db, vault: deps.vault, provider }, connectionId);
  };
}
