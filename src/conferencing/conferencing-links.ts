import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { tokenHash } from "../calendars/api-tokens.ts";
import { isLinkSpent } from "../connections/spent-links.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Vault } from "../vault/vault.ts";
import { redirectUriProblem } from "./hosted-link-redirect.ts";
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
  expiresAt: Date;
}

/**
 * The hosted "connect your conferencing" link of flow F2: it names the account it adds a
 * profile to (sealed in the link), links one profile, and expires soon. The redirect URI must
 * be one the application registered, up to its query string (see hosted-link-redirect.ts).
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
  const redirectProblem = redirectUriProblem(application.redirect_uris, request.redirectUri);
  if (redirectProblem) problems.redirect_uri = redirectProblem;
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

/**
 * The link a token names, if the token is genuine, and whether it can still be used: it stops
 * when it expires, or once a profile has been linked through it (spent then, in the same
 * transaction that saved the profile).
 */
export async function readConferencingLink(
  db: Kysely<Schema>,
  vault: Vault,
  token: string,
): Promise<{ link: ConferencingLink; expired: boolean; used: boolean }> {
  const { linkId } = openLink(vault, linkPurpose, token);
  const row = await loadLink(db, linkId as string);
  if (!row || row.token_hash !== tokenHash(token)) {
    throw new DomainError(
      "not_found",
      "This link is not valid. Ask the application for a new one.",
    );
  }
  return {
    link: toLink(row),
    expired: row.expires_at.getTime() <= Date.now(),
    used: row.finished_at !== null || (await isLinkSpent(db, row.id)),
  };
}

/** The link a token names, if it is genuine, unexpired and has not linked a profile yet. */
export async function openConferencingLink(
  db: Kysely<Schema>,
  vault: Vault,
  token: string,
): Promise<ConferencingLink> {
  const { link, expired, used } = await readConferencingLink(db, vault, token);
  if (used) throw linkUsed(link);
  if (expired) {
    throw new DomainError(
      "not_found",
      `This link has expired. Go back to ${link.applicationName} and ask for a new one.`,
    );
  }
  return link;
}

export const linkUsed = (link: ConferencingLink) =>
  new DomainError(
    "conflict",
    `This link has already been used. Go back to ${link.applicationName} and ask for a new one.`,
  );

/**
 * Notes that the person pressed Connect (never when the link is merely opened). It spends
 * nothing: a refusal at the provider leaves the link for another try; only the consent that
 * links a profile spends it.
 */
export async function noteConnectPressed(db: Kysely<Schema>, linkId: string): Promise<void> {
  await db
    .updateTable("conferencing_links")
    .set({ opened_at: sql`coalesce(opened_at, now())` })
    .where("id", "=", linkId)
    .execute();
}

/**
 * Closes a link the consent just spent, once, on the person's way back to the application; a
 * second finish, or one for a link nothing was linked through, is refused.
 */
export async function finishConferencingLink(
  db: Kysely<Schema>,
  link: ConferencingLink,
): Promise<void> {
  const alreadyFinished = new DomainError("not_found", "This link has already been finished.");
  if (!(await isLinkSpent(db, link.id))) throw alreadyFinished;
  const finished = await db
    .updateTable("conferencing_links")
    .set({ finished_at: sql`now()` })
    .where("id", "=", link.id)
    .where("finished_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  if (!finished) throw alreadyFinished;
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
  expires_at: Date;
}): ConferencingLink {
  return {
    id: row.id,
    applicationId: row.application_id,
    applicationName: row.name,
    ownerRef: row.owner_ref,
    redirectUri: row.redirect_uri,
    providerName: row.provider_name,
    expiresAt: row.expires_at,
  };
}
