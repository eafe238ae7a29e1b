import type { Kysely } from "kysely";
import type { Schema } from "../../src/db/schema.ts";
import type { Vault } from "../../src/vault/vault.ts";
import { orgApp, userApp, webhookSecret } from "./zoom-world.ts";

/** The Zoom tokens confab holds right now, decrypted: they must appear nowhere in plaintext. */
export async function heldZoomTokens(db: Kysely<Schema>, vault: Vault): Promise<string[]> {
  const rows = await db
    .selectFrom("provider_connections")
    .select(["access_token", "refresh_token"])
    .execute();
  return rows.flatMap((row) => [
    ...(row.access_token
      ? [vault.decrypt(row.access_token, "provider_connections.access_token")]
      : []),
    ...(row.refresh_token
      ? [vault.decrypt(row.refresh_token, "provider_connections.refresh_token")]
      : []),
  ]);
}

/** The Zoom world's secrets and the tokens held now, by name, for a search of logs or replies. */
export async function zoomSecrets(db: Kysely<Schema>, vault: Vault) {
  return {
    "the Zoom user app's client secret": userApp.clientSecret,
    "the Zoom org app's client secret": orgApp.clientSecret,
    "Zoom's webhook secret": webhookSecret,
    ...Object.fromEntries(
      (await heldZoomTokens(db, vault)).map((token, i) => [`Zoom token ${i + 1}`, token]),
    ),
  };
}

/** The names of the secrets that appear in the text. */
export function secretsFoundIn(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => secret !== "" && text.includes(secret))
    .map(([name]) => name);
}
