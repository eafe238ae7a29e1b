import { randomBytes } from "node:crypto";
import { type Kysely, sql, type Updateable } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { countTakingTurns } from "../quotas/count-taking-turns.ts";
import { refuseBeyondApplicationLimit } from "../quotas/organization-limits.ts";
import type { Vault } from "../vault/vault.ts";

export const clientSecretPurpose = "applications.client_secret";

export interface Application {
  id: string;
  name: string;
  clientId: string;
  redirectUris: string[];
  /** Where its push notifications may go; empty: anywhere the egress rule allows. */
  callbackOrigins: string[];
  createdAt: Date;
}

const maximumRedirectUris = 20;

/**
 * Redirect URIs are matched on everything before the query string, so they are kept exactly as
 * given: absolute, no fragment,
 * https (or http on a loopback host, for development). One per line or comma-separated.
 */
export function parseRedirectUris(input: string | string[]): string[] {
  const given = (Array.isArray(input) ? input : input.split(/[\n,]/))
    .map((u) => u.trim())
    .filter((u) => u !== "");
  const problems: string[] = [];
  for (const uri of given) {
    const problem = redirectUriProblem(uri);
    if (problem) problems.push(`${uri}: ${problem}`);
  }
  if (given.length > maximumRedirectUris) {
    problems.push(`Give at most ${maximumRedirectUris} redirect URIs.`);
  }
  if (problems.length > 0) {
    throw new DomainError("invalid_input", "The redirect URIs are not valid.", {
      redirect_uris: problems.join(" "),
    });
  }
  return [...new Set(given)];
}

function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "not an absolute URL.";
  }
  if (uri.length > 2000) return "longer than 2000 characters.";
  if (url.hash !== "" || uri.includes("#")) return "must not have a fragment (#…).";
  if (url.username !== "" || url.password !== "") return "must not contain credentials.";
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && loopback) return undefined;
  return "use https (http only for localhost).";
}

function newClientSecret(): string {
  return `cfbs_${randomBytes(32).toString("base64url")}`;
}

/**
 * Registers an application; the client secret is returned this once and kept encrypted. A name
 * the organization already uses is refused: two "Scheduler"s in a list cannot be told apart
 * when one has to be rotated or deleted.
 */
export async function createApplication(
  db: Kysely<Schema>,
  vault: Vault,
  access: OrgAccess,
  input: { name: string; redirectUris: string | string[]; actor: AuditActor },
): Promise<{ application: Application; clientSecret: string }> {
  authorizeInOrg(access, "applications.manage");
  const fields: Record<string, string> = {};
  const name = input.name.trim();
  if (name === "" || name.length > 100) fields.name = "Enter a name of 1 to 100 characters.";
  let redirectUris: string[] = [];
  try {
    redirectUris = parseRedirectUris(input.redirectUris);
  } catch (error) {
    if (!(error instanceof DomainError) || !error.fields) throw error;
    Object.assign(fields, error.fields);
  }
  if (Object.keys(fields).length > 0) {
    throw new DomainError("invalid_input", "The application was not registered.", fields);
  }
  const clientSecret = newClientSecret();
  const row = await inTransaction(db, async (trx) => {
    await refuseSameApplicationName(trx, access.organization.id, name);
    const inserted = await trx
      .insertInto("applications")
      .values({
        id: newId("app"),
        organization_id: access.organization.id,
        name,
        client_id: `cfbc_${randomBytes(16).toString("hex")}`,
        client_secret: vault.encrypt(clientSecret, clientSecretPurpose),
        redirect_uris: redirectUris,
      })
      .returning(["id", "name", "client_id", "redirect_uris", "callback_origins", "created_at"])
      .executeTakeFirstOrThrow();
    await refuseBeyondApplicationLimit(trx, access.organization.id);
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "application.created",
      subject: name,
    });
    return inserted;
  });
  return { application: toApplication(row), clientSecret };
}

/** Refuses a name another application of the organization has, whatever its letter case. */
async function refuseSameApplicationName(
  trx: Kysely<Schema>,
  organizationId: string,
  name: string,
): Promise<void> {
  let existing: { name: string; created_at: Date } | undefined;
  // In turn with every other registration in the organization, so two at once cannot both pass.
  await countTakingTurns(trx, `applications:${organizationId}`, async () => {
    existing = await trx
      .selectFrom("applications")
      .select(["name", "created_at"])
      .where("organization_id", "=", organizationId)
      .where(sql<string>`lower(name)`, "=", name.toLowerCase())
      .executeTakeFirst();
    return existing ? 1 : 0;
  });
  if (existing) {
    throw new DomainError("conflict", "The application was not registered.", {
      name: `This organization already has an application named "${existing.name}", registered ${existing.created_at.toISOString().slice(0, 10)}. Give this one another name, or open that one under Applications.`,
    });
  }
}

export async function listApplications(
  db: Kysely<Schema>,
  access: OrgAccess,
): Promise<Application[]> {
  authorizeInOrg(access, "applications.view");
  const rows = await db
    .selectFrom("applications")
    .select(["id", "name", "client_id", "redirect_uris", "callback_origins", "created_at"])
    .where("organization_id", "=", access.organization.id)
    .orderBy("name")
    .execute();
  return rows.map(toApplication);
}

export async function loadApplication(
  db: Kysely<Schema>,
  access: OrgAccess,
  applicationId: string,
): Promise<Application> {
  authorizeInOrg(access, "applications.view");
  const row = await db
    .selectFrom("applications")
    .select(["id", "name", "client_id", "redirect_uris", "callback_origins", "created_at"])
    .where("id", "=", applicationId)
    .where("organization_id", "=", access.organization.id)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such application here.");
  return toApplication(row);
}

/** A new client secret, shown once; the old one stops working at once. */
export async function rotateApplicationSecret(
  db: Kysely<Schema>,
  vault: Vault,
  access: OrgAccess,
  input: { applicationId: string; actor: AuditActor },
): Promise<{ clientSecret: string }> {
  authorizeInOrg(access, "applications.manage");
  const clientSecret = newClientSecret();
  await changeApplication(db, access, input, "application.secret_rotated", {
    client_secret: vault.encrypt(clientSecret, clientSecretPurpose),
    secret_rotated_at: new Date(),
  });
  return { clientSecret };
}

export async function setRedirectUris(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; redirectUris: string | string[]; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "applications.manage");
  const redirectUris = parseRedirectUris(input.redirectUris);
  await changeApplication(db, access, input, "application.redirect_uris_changed", {
    redirect_uris: redirectUris,
  });
}

/** Pins the application's subscriptions to these origins (already checked); [] unpins. */
export async function setCallbackOrigins(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; origins: string[]; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "applications.manage");
  await changeApplication(db, access, input, "application.callback_origins_changed", {
    callback_origins: input.origins,
  });
}

/** What deleting an application takes with it, for the confirmation that names it. */
export async function applicationHoldings(
  db: Kysely<Schema>,
  access: OrgAccess,
  applicationId: string,
): Promise<{ calendars: number; connections: number }> {
  authorizeInOrg(access, "applications.view");
  const row = await db
    .selectFrom("application_calendars as c")
    .innerJoin("applications as a", "a.id", "c.application_id")
    .leftJoin("provider_connections as p", (join) =>
      join.onRef("p.owner_ref", "=", "c.sub").on("p.status", "!=", "removed"),
    )
    .select((eb) => [
      eb.fn.count<string>("c.id").distinct().as("calendars"),
      eb.fn.count<string>("p.id").distinct().as("connections"),
    ])
    .where("c.application_id", "=", applicationId)
    .where("a.organization_id", "=", access.organization.id)
    .executeTakeFirstOrThrow();
  return { calendars: Number(row.calendars), connections: Number(row.connections) };
}

/**
 * Deletes an application with its calendars and their events. The conferencing connections its
 * calendars made are revoked at the provider and their tokens dropped, by jobs written in the
 * same transaction: nothing of the application stays live at Zoom.
 */
export async function deleteApplication(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "applications.manage");
  await db.transaction().execute(async (trx) => {
    const connections = await trx
      .selectFrom("provider_connections as p")
      .innerJoin("application_calendars as c", "c.sub", "p.owner_ref")
      .innerJoin("applications as a", "a.id", "c.application_id")
      .select("p.id")
      .where("c.application_id", "=", input.applicationId)
      .where("a.organization_id", "=", access.organization.id)
      .where("p.status", "!=", "removed")
      .execute();
    for (const connection of connections) {
      await enqueueJob(trx, "connections:remove", { connectionId: connection.id });
    }
    await changeApplicationIn(trx, access, input, "application.deleted", "delete");
  });
}

/**
 * Changes one application of the organization and records it in the audit log, in one
 * transaction; another organization's application is not found.
 */
async function changeApplication(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; actor: AuditActor },
  action: string,
  change: Updateable<Schema["applications"]> | "delete",
) {
  await inTransaction(db, (trx) => changeApplicationIn(trx, access, input, action, change));
}

/** changeApplication inside the caller's transaction. */
async function changeApplicationIn(
  trx: Kysely<Schema>,
  access: OrgAccess,
  input: { applicationId: string; actor: AuditActor },
  action: string,
  change: Updateable<Schema["applications"]> | "delete",
) {
  const row =
    change === "delete"
      ? await trx
          .deleteFrom("applications")
          .where("id", "=", input.applicationId)
          .where("organization_id", "=", access.organization.id)
          .returning("name")
          .executeTakeFirst()
      : await trx
          .updateTable("applications")
          .set(change)
          .where("id", "=", input.applicationId)
          .where("organization_id", "=", access.organization.id)
          .returning("name")
          .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such application here.");
  await recordAuditEntry(trx, {
    organizationId: access.organization.id,
    actor: input.actor,
    action,
    subject: row.name,
  });
}

function toApplication(row: {
  id: string;
  name: string;
  client_id: string;
  redirect_uris: string[];
  callback_origins: string[];
  created_at: Date;
}): Application {
  return {
    id: row.id,
    name: row.name,
    clientId: row.client_id,
    redirectUris: row.redirect_uris,
    callbackOrigins: row.callback_origins,
    createdAt: row.created_at,
  };
}
