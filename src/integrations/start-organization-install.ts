import type { Kysely } from "kysely";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import { startAuthorization } from "../connections/authorize-connection.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import type { Vault } from "../vault/vault.ts";

/**
 * Where to send an org admin who pressed Continue (F7): the provider's admin consent, on behalf of
 * the organization. Zoom itself stops a Zoom member there; a free account is refused on return.
 */
export async function startOrganizationInstall(
  deps: { db: Kysely<Schema>; vault: Vault; provider: ConferencingProvider; redirectUri: string },
  access: OrgAccess,
  input: { binding: string; returnTo: string },
): Promise<URL> {
  authorizeInOrg(access, "integrations.install");
  if (!access.organization.integrationsEnabled) {
    throw new DomainError(
      "forbidden",
      "Integrations are not enabled for this organization; ask your confab operator.",
    );
  }
  if (!deps.provider.supports("organization")) {
    throw new DomainError(
      "not_found",
      `${deps.provider.displayName} for organizations is not set up on this confab instance.`,
    );
  }
  return startAuthorization(deps, {
    kind: "organization",
    ownerRef: access.organization.id,
    binding: input.binding,
    returnTo: input.returnTo,
  });
}
