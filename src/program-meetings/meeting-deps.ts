import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";

/** What program meetings need: the database, and the providers with the vault to reach them. */
export interface MeetingDeps {
  db: Kysely<Schema>;
  vault: Vault;
  providers: Providers;
}
