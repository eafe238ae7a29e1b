import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { tokenHash } from "../calendars/api-tokens.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Vault } from "../vault/vault.ts";
import { openLink, sealLink } from "./sealed-link.ts";

const linkPurpose = "conferencing_links.token";
export const linkLifetimeMinutes = 15;

export interface ConferencingLink {
  id: string;
  applicationId: string;
  applicationName: string;
  ownerRef: string;
  redirectUri: string;
  providerName: string | null;
}

/**
 * The hosted "connect your conferencing" link of flow F2: it names the account it adds a
 * profile to (sealed in the link), works once, and expires soon. The redirect URI must be one
 * the application registered, exactly.
 */
export async function createConferencingLink(
  db: Kysely<Schema>,
  vault: Vault,
  publicUrl: string,
  request: {
    applicationId: string;
    ownerRef: string;
    redirectUri: string;
    providerName: string | undefined;
    knownProviders: string[];
  },
): Promise<string> {
  const application = await db
    .selectFrom("applications")
    .select("redirect_uris")
    .where("id", "=", request.applicationId)
    .executeTakeFirstOrThrow();
  const problems: Record<string, string> = {};
  if (!application.redirect_uris.includes(request.redirectUri)) {
    problems.redirect_uri =
      "This redirect_uri is not registered for the application; register it first (exact match).";
  }
  if (
    request.providerName !== undefined &&
    !request.knownProviders.includes(request.providerName)
  ) {
    problems.provider_name = `Unknown provider; confab offers ${request.knownProviders.join(", ")}.`;
  }
  if (Object.keys(problems).length > 0) {
    throw new DomainError("unprocessable", "The link was not made.", problems);
  }
  const id = `csa_${randomBytes(10).toString("hex")}`;
  const token = sealLink(vault, linkPurpose, { linkId: id }, linkLifetimeMinutes * 60_000);
  await db
    .insertInto("conferencing_links")
    .values({
      id,
      token_hash: tokenHash(token),
      application_id: request.applicationId,
      owner_ref: request.ownerRef,
      redirect_uri: request.redirectUri,
      provider_name: request.providerName ?? null,
      expires_at: new Date(Date.now() + linkLifetimeMinutes * 60_000),
    })
    .execute();
  return `${publicUrl}/conferencing/link?token=${encodeURIComponent(token)}`;
}

/** The link a token names, if it is genuine, unexpired and not used yet. */
export async function openConferencingLink(
  db: Kysely<Schema>,
  vault: Vault,
  token: string,
): Promise<ConferencingLink> {
  const { linkId } = openLink(vault, linkPurpose, token);
  const row = await loadLink(db, linkId as string);
  if (!row || row.token_hash !== tokenHash(token)) {
    throw new DomainError(
      "not_found",
      "This link is not valid. Ask the application for a new one.",
    );
  }
  if (row.expires_at.getTime() <= Date.now()) {
    throw new DomainError(
      "not_found",
      `This link has expired. Go back to ${row.name} and ask for a new one.`,
    );
  }
  if (row.opened_at !== null) {
    throw new DomainError(
      "conflict",
      `This link has already been used. Go back to ${row.name} and ask for a new one.`,
    );
  }
  return toLink(row);
}

/**
 * Spends the link, when the person presses Connect (never when it is merely opened): from here on
 * only the browser that spent it can finish.
 */
export async function spendConferencingLink(db: Kysely<Schema>, linkId: string): Promise<void> {
  const spent = await db
    .updateTable("conferencing_links")
    .set({ opened_at: sql`now()` })
    .where("id", "=", linkId)
    .where("opened_at", "is", null)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("id")
    .executeTakeFirst();
  if (!spent) {
    throw new DomainError(
      "conflict",
      "This link has already been used or has expired. Ask for a new one.",
    );
  }
}

/** Closes a spent link once, returning it; a second finish (or a forged one) is refused. */
export async function finishConferencingLink(
  db: Kysely<Schema>,
  linkId: string,
): Promise<ConferencingLink> {
  const finished = await db
    .updateTable("conferencing_links")
    .set({ finished_at: sql`now()` })
    .where("id", "=", linkId)
    .where("opened_at", "is not", null)
    .where("finished_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  const row = finished ? await loadLink(db, linkId) : undefined;
  if (!row) throw new DomainError("not_found", "This link has already been finished.");
  return toLink(row);
}

function loadLink(db: Kysely<Schema>, linkId: string) {
  return db
    .selectFrom("conferencing_links")
    .innerJoin("applications", "applications.id", "conferencing_links.application_id")
    .selectAll("conferencing_links")
    .select("applications.name")
    .where("conferencing_links.id", "=", linkId)
    .executeTakeFirst();
}

function toLink(row: {
  id: string;
  application_id: string;
  name: string;
  owner_ref: string;
  redirect_uri: string;
  provider_name: string | null;
}): ConferencingLink {
  return {
    id: row.id,
    applicationId: row.application_id,
    applicationName: row.name,
    ownerRef: row.owner_ref,
    redirectUri: row.redirect_uri,
    providerName: row.provider_name,
  };
}
