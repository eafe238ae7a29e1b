import type { Kysely } from "kysely";
import type { Config } from "../config.ts";
import type { Schema } from "../db/schema.ts";
import { createMicrosoftProvider } from "./microsoft/microsoft-provider.ts";
import type { ConferencingProvider } from "./provider.ts";
import { createZoomProvider } from "./zoom/zoom-provider.ts";

export type Providers = ReadonlyMap<string, ConferencingProvider>;

/** Every conferencing provider this build knows. A new provider is one more line here. */
export function createProviders(config: Config, db: Kysely<Schema>): Providers {
  return new Map([
    ["zoom", createZoomProvider(config.zoom, db)],
    ["ms_teams", createMicrosoftProvider(config.microsoft, db)],
  ]);
}
