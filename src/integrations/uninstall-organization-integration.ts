import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import { resumeWaitingEvents } from "../conferencing/resume-waiting-events.ts";
import { disconnect } from "../connections/disconnect.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";
import { findOrganizationIntegration } from "./organization-integration.ts";

/**
 * Removes the organization's install (F11): the grant is revoked at the provider and confab's
 * tokens deleted. Meetings already made stay in the provider's account; the provider's meeting
 * mode stops being offered in every program, and program meetings still to be made fail with
 * the reason.
 */
export async function uninstallOrganizationIntegration(
  deps: { db: Kysely<Schema>; vault: Vault; provider: ConferencingProvider },
  access: OrgAccess,
  input: { actor: AuditActor },
): Promise<{ revokedAtProvider: boolean }> {
  authorizeInOrg(access, "integrations.uninstall");
  const integration = await findOrganizationIntegration(
    deps.db,
    access.organization.id,
    deps.provider.name,
  );
  if (!integration) {
    throw new DomainError(
      "not_found",
      `${deps.provider.displayName} is not installed for this organization.`,
    );
  }
  const outcome = await disconnect(deps, integration.id);
  await resumeWaitingEvents(deps.db, { organizationId: access.organization.id });
  await recordAuditEntry(deps.db, {
    organizationId: access.organization.id,
    actor: input.actor,
    action: "integration.uninstalled",
    subject: `${deps.provider.displayName} (${integration.email})`,
  });
  return outcome;
}
