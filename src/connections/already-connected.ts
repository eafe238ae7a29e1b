import type { Kysely } from "kysely";
import { readConferencingLink } from "../conferencing/conferencing-links.ts";
import type { Schema } from "../db/schema.ts";
import type { Vault } from "../vault/vault.ts";
import type { FinishedRoundTrip } from "./finished-round-trip.ts";

/** A connection a browser made already, as its replayed callback tells it. */
export interface AlreadyConnected {
  /** What is connected: "Zoom (ada@example.com)", or the organization's install. */
  what: string;
  /** Where the round trip was to end, as it was started. */
  returnTo: string;
  /** Set when an application's hosted link started it: whose link, and where it lands. */
  hostedLink?: { applicationName: string; redirectUri: string };
}

/**
 * What a finished round trip connected, if it still stands: a connection removed since then is
 * not said to be connected. Said from what the database holds, not from the note itself.
 */
export async function alreadyConnected(
  db: Kysely<Schema>,
  vault: Vault,
  providerName: string,
  trip: FinishedRoundTrip,
): Promise<AlreadyConnected | undefined> {
  const row = await db
    .selectFrom("provider_connections")
    .select(["email"])
    .where("id", "=", trip.connectionId)
    .where("kind", "=", trip.kind)
    .where("owner_ref", "=", trip.ownerRef)
    .where("status", "<>", "removed")
    .executeTakeFirst();
  if (!row) return undefined;
  let what = `${providerName} (${row.email})`;
  if (trip.kind === "organization") {
    const organization = await db
      .selectFrom("organizations")
      .select("name")
      .where("id", "=", trip.ownerRef)
      .executeTakeFirst();
    what = `the ${providerName} install${organization ? ` for ${organization.name}` : ""}`;
  }
  const hostedLink = await hostedLinkOf(db, vault, trip);
  return { what, returnTo: trip.returnTo, ...(hostedLink ? { hostedLink } : {}) };
}

/** A hosted link's round trip ends on its finish page, whose address carries the link's token. */
async function hostedLinkOf(db: Kysely<Schema>, vault: Vault, trip: FinishedRoundTrip) {
  if (!trip.returnTo.startsWith("/conferencing/link/finish/")) return undefined;
  const token = new URL(trip.returnTo, "http://confab.invalid").searchParams.get("token");
  if (!token) return undefined;
  try {
    const { link } = await readConferencingLink(db, vault, token);
    if (link.ownerRef !== trip.ownerRef) return undefined;
    return { applicationName: link.applicationName, redirectUri: link.redirectUri };
  } catch {
    return undefined;
  }
}
