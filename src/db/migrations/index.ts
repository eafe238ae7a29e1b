import type { Migration } from "kysely/migration";
import * as foundation from "./0001-foundation.ts";

/**
 * Every migration, in order. Names are permanent once released: a migration is never edited
 * after it has run anywhere, only followed by another.
 */
export const migrations: Record<string, Migration> = {
  "0001-foundation": foundation,
};
