import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { switchMeetingMode } from "../orgs/meeting-modes.ts";
import type { Program } from "../orgs/programs.ts";
import { providerModeAvailability } from "./provider-mode-availability.ts";

/**
 * A program admin turns a provider's meeting mode ("Zoom video call") on or off for their own
 * program (F8). Turning it on needs the organization's install and the org admin's go-ahead for
 * this program; turning it off is always allowed.
 */
export async function setProgramProviderMode(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { provider: { name: string; displayName: string }; enabled: boolean; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.integration.toggle", program.id);
  const { provider } = input;
  if (input.enabled) {
    const availability = await providerModeAvailability(db, {
      organizationId: access.organization.id,
      programId: program.id,
      provider: provider.name,
    });
    if (availability === "not_installed" || availability === "not_enabled_for_program") {
      throw new DomainError(
        "conflict",
        availability === "not_installed"
          ? `${provider.displayName} is not installed for ${access.organization.name}; an organization admin installs it under Manage → Integrations.`
          : `${provider.displayName} is not enabled for ${program.name}; an organization admin enables it under Manage → Integrations.`,
      );
    }
  }
  await switchMeetingMode(db, access, program, {
    key: provider.name,
    enabled: input.enabled,
    actor: input.actor,
    providerMode: true,
  });
}
