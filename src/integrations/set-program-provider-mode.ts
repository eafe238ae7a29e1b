import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
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
  await db.transaction().execute(async (trx) => {
    const mode = await trx
      .updateTable("meeting_modes")
      .set({ enabled: input.enabled })
      .where("program_id", "=", program.id)
      .where("key", "=", provider.name)
      .where("kind", "=", "provider")
      .where("enabled", "<>", input.enabled)
      .returning("label")
      .executeTakeFirst();
    if (!mode) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: input.enabled ? "meeting_mode.enabled" : "meeting_mode.disabled",
      subject: `${mode.label} in ${program.name}`,
    });
  });
}
