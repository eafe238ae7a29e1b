import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import { recordAuditEntry } from "../audit/record-audit-entry.ts";
import { inTransaction } from "../db/in-transaction.ts";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { isSlug, slugFrom } from "./slug.ts";

export interface Organization {
  id: string;
  slug: string;
  name: string;
  integrationsEnabled: boolean;
}

/** Operators create organizations; the slug is made from the name unless one is given. */
export async function createOrganization(
  db: Kysely<Schema>,
  input: { name: string; slug?: string; actor: AuditActor },
): Promise<Organization> {
  const name = input.name.trim();
  const slug = (input.slug ?? "").trim() || slugFrom(name);
  const fields: Record<string, string> = {};
  if (name === "" || name.length > 100) fields.name = "Enter a name of 1 to 100 characters.";
  if (!isSlug(slug)) {
    fields.slug =
      "Use lower-case letters, digits and single hyphens (up to 40), like acme-mentoring.";
  }
  if (Object.keys(fields).length > 0) {
    throw new DomainError("invalid_input", "The organization was not created.", fields);
  }
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto("organizations")
      .values({ id: newId("org"), slug, name })
      .onConflict((c) => c.column("slug").doNothing())
      .returning(["id", "slug", "name", "integrations_enabled"])
      .executeTakeFirst();
    if (!row) {
      throw new DomainError("conflict", "The organization was not created.", {
        slug: `Another organization already uses "${slug}".`,
      });
    }
    await recordAuditEntry(trx, {
      organizationId: row.id,
      actor: input.actor,
      action: "organization.created",
      subject: row.name,
    });
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      integrationsEnabled: row.integrations_enabled,
    };
  });
}
