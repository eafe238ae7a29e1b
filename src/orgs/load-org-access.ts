import type { Kysely } from "kysely";
import type { Actor, OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { suspensionRefusal } from "./organization-suspension.ts";

/**
 * The actor's standing in the organization with this slug. A non-member gets the same answer as
 * for an organization that does not exist: nothing of it is loaded, not even its name. A member
 * of a suspended organization is told it is suspended, and why, instead of getting in.
 */
export async function loadOrgAccess(
  db: Kysely<Schema>,
  actor: Actor,
  slug: string,
): Promise<OrgAccess> {
  const row = await db
    .selectFrom("organizations")
    .innerJoin("memberships", "memberships.organization_id", "organizations.id")
    .select([
      "organizations.id",
      "organizations.slug",
      "organizations.name",
      "organizations.integrations_enabled",
      "organizations.suspended_reason",
      "memberships.role",
    ])
    .where("organizations.slug", "=", slug)
    .where("memberships.user_id", "=", actor.userId)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", "There is no such organization among yours.");
  if (row.suspended_reason !== null) {
    throw await suspensionRefusal(db, { name: row.name, suspendedReason: row.suspended_reason });
  }
  const roles = await db
    .selectFrom("program_roles")
    .select(["program_id", "role"])
    .where("organization_id", "=", row.id)
    .where("user_id", "=", actor.userId)
    .execute();
  return {
    actor,
    organization: {
      id: row.id,
      slug: row.slug,
      name: row.name,
      integrationsEnabled: row.integrations_enabled,
    },
    orgRole: row.role,
    programRoles: Object.fromEntries(roles.map((r) => [r.program_id, r.role])),
  };
}

/**
 * An org admin's rights held by someone who is not a member: the command line (whoever can run
 * it on the host already holds the database), and an operator inviting a new organization's
 * first admin or adding and replacing its admins. Never used for a signed-in member.
 */
export function elevatedOrgAccess(
  organization: OrgAccess["organization"],
  actor: Actor,
): OrgAccess {
  return { actor, organization, orgRole: "org_admin", programRoles: {} };
}

export async function loadOrgAccessForCommandLine(
  db: Kysely<Schema>,
  slug: string,
): Promise<OrgAccess> {
  const row = await db
    .selectFrom("organizations")
    .select(["id", "slug", "name", "integrations_enabled"])
    .where("slug", "=", slug)
    .executeTakeFirst();
  if (!row) throw new DomainError("not_found", `There is no organization with the slug "${slug}".`);
  return elevatedOrgAccess(
    {
      id: row.id,
      slug: row.slug,
      name: row.name,
      integrationsEnabled: row.integrations_enabled,
    },
    { userId: "command line", isOperator: true },
  );
}

export const commandLineActor = { userId: null, label: "command line" };
