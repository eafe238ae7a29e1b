import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { loadOrgAccess } from "../orgs/load-org-access.ts";
import type { Vault } from "../vault/vault.ts";
import { authenticateApplication } from "./authenticate-application.ts";

/** A member of the organization, as an application of that organization acts for them. */
export interface ApplicationMember {
  access: OrgAccess;
  person: { userId: string; email: string; name: string };
  applicationId: string;
}

/**
 * The organization's own software acts for one of its members: it proves it is the
 * organization's application (HTTP Basic with its client id and secret) and names the member by
 * email. It can do, in the member's name, exactly what the member can do in the pages, and
 * nothing in any other organization.
 */
export async function authenticateApplicationMember(
  db: Kysely<Schema>,
  vault: Vault,
  authorization: string | undefined,
  memberEmail: string | undefined,
): Promise<ApplicationMember> {
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(authorization ?? "")?.[1];
  const decoded = basic ? Buffer.from(basic, "base64").toString("utf8") : "";
  const split = decoded.indexOf(":");
  if (split < 1) {
    throw new DomainError(
      "unauthenticated",
      "Authenticate with HTTP Basic: the application's client_id and client_secret.",
    );
  }
  const application = await authenticateApplication(
    db,
    vault,
    decoded.slice(0, split),
    decoded.slice(split + 1),
  );
  const email = (memberEmail ?? "").trim().toLowerCase();
  if (email === "") {
    throw new DomainError(
      "invalid_input",
      "Name the member the application acts for in the Confab-Member header (their email).",
    );
  }
  const member = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .innerJoin("organizations", "organizations.id", "memberships.organization_id")
    .select(["users.id", "users.email", "users.name", "organizations.slug"])
    .where("memberships.organization_id", "=", application.organizationId)
    .where("users.email", "=", email)
    .executeTakeFirst();
  if (!member) {
    throw new DomainError(
      "forbidden",
      "No member of the application's organization has this email: an application acts only for its own organization's members.",
    );
  }
  const access = await loadOrgAccess(db, { userId: member.id, isOperator: false }, member.slug);
  return {
    access,
    person: { userId: member.id, email: member.email, name: member.name },
    applicationId: application.id,
  };
}
