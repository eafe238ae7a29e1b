import type { Kysely } from "kysely";
import type { Schema } from "../../src/db/schema.ts";
import type { Vault } from "../../src/vault/vault.ts";
import { cleanup } from "./cleanup.ts";
import { teamsUserApp } from "./microsoft-world.ts";
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

/** The Microsoft tokens confab holds right now for Teams, decrypted: never anywhere in plaintext. */
export async function heldMicrosoftTokens(db: Kysely<Schema>, vault: Vault): Promise<string[]> {
  const rows = await db
    .selectFrom("provider_connections")
    .select(["access_token", "refresh_token"])
    .where("provider", "=", "ms_teams")
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

/**
 * Microsoft's secrets: confab's app's client secret, the tokens held now, and any handed out
 * before (`issued`, from `recordIssuedTokens`: rotated refresh tokens and ID tokens are never
 * stored), by name, for a search of logs, pages or replies.
 */
export async function microsoftSecrets(
  db: Kysely<Schema>,
  vault: Vault,
  issued: Record<string, string> = {},
) {
  return {
    "the Microsoft user app's client secret": teamsUserApp.clientSecret,
    ...issued,
    ...Object.fromEntries(
      (await heldMicrosoftTokens(db, vault)).map((token, i) => [`Microsoft token ${i + 1}`, token]),
    ),
  };
}

/**
 * Every token a provider's token endpoint hands this process (access, refresh and ID tokens),
 * read off the replies as confab receives them: what confab was given, including what it never
 * stores. Only for confab running in the test's own process.
 */
export function recordIssuedTokens(tokenEndpoint: RegExp) {
  const issued = new Set<string>();
  const original = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    const response = await original(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (tokenEndpoint.test(url)) {
      const body = (await response
        .clone()
        .json()
        .catch(() => undefined)) as Record<string, unknown> | undefined;
      for (const field of ["access_token", "refresh_token", "id_token"]) {
        if (typeof body?.[field] === "string") issued.add(`${field} ${body[field]}`);
      }
    }
    return response;
  };
  cleanup(() => {
    globalThis.fetch = original;
  });
  return {
    /** By name: "Microsoft id_token 2", … */
    secrets(prefix: string): Record<string, string> {
      const counts = new Map<string, number>();
      return Object.fromEntries(
        [...issued].map((entry) => {
          const [field = "", token = ""] = entry.split(" ");
          counts.set(field, (counts.get(field) ?? 0) + 1);
          return [`${prefix} ${field} ${counts.get(field)}`, token];
        }),
      );
    },
    count: (field: "access_token" | "refresh_token" | "id_token") =>
      [...issued].filter((entry) => entry.startsWith(`${field} `)).length,
  };
}
