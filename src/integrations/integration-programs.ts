import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { ConferencingProvider } from "../providers/provider.ts";
import { providerModeLabel } from "./provider-meeting-mode.ts";

export interface IntegrationProgram {
  id: string;
  name: string;
  /** The org admin let the provider be used in this program. */
  enabled: boolean;
  /** The program admin's own switch, "Zoom video call" under Permissions. */
  modeOn: boolean;
}

/** Every program of the organization, with where the org admin enabled `provider` (F8). */
export async function listIntegrationPrograms(
  db: Kysely<Schema>,
  access: OrgAccess,
  provider: string,
): Promise<IntegrationProgram[]> {
  authorizeInOrg(access, "integrations.view");
  const rows = await db
    .selectFrom("programs")
    .leftJoin("integration_programs", (join) =>
      join
        .onRef("integration_programs.program_id", "=", "programs.id")
        .on("integration_programs.provider", "=", provider),
    )
    .leftJoin("meeting_modes", (join) =>
      join
        .onRef("meeting_modes.program_id", "=", "programs.id")
        .on("meeting_modes.key", "=", provider)
        .on("meeting_modes.kind", "=", "provider"),
    )
    .select([
      "programs.id",
      "programs.name",
      "integration_programs.program_id as enabled_program",
      "meeting_modes.enabled as mode_on",
    ])
    .where("programs.organization_id", "=", access.organization.id)
    .orderBy("programs.name")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    enabled: row.enabled_program !== null,
    modeOn: row.mode_on === true,
  }));
}

/**
 * An org admin enables or disables `provider` for one program. Enabling gives the program the
 * provider's meeting mode, off until its program admin turns it on (the seed's order of steps).
 */
export async function setIntegrationProgram(
  db: Kysely<Schema>,
  access: OrgAccess,
  input: {
    provider: Pick<ConferencingProvider, "name" | "displayName">;
    programId: string;
    enabled: boolean;
    actor: AuditActor;
  },
): Promise<void> {
  authorizeInOrg(access, "integrations.enable_program");
  const { provider } = input;
  await db.transaction().execute(async (trx) => {
    const program = await trx
      .selectFrom("programs")
      .select(["id", "name"])
      .where("id", "=", input.programId)
      .where("organization_id", "=", access.organization.id)
      .executeTakeFirst();
    if (!program) throw new DomainError("not_found", "There is no such program.");
    let changed: boolean;
    if (input.enabled) {
      changed =
        (await trx
          .insertInto("integration_programs")
          .values({
            organization_id: access.organization.id,
            program_id: program.id,
            provider: provider.name,
            enabled_by: input.actor.label,
          })
          .onConflict((c) => c.doNothing())
          .returning("program_id")
          .executeTakeFirst()) !== undefined;
      await trx
        .insertInto("meeting_modes")
        .values({
          program_id: program.id,
          key: provider.name,
          label: providerModeLabel(provider.displayName),
          kind: "provider",
          enabled: false,
        })
        .onConflict((c) => c.doNothing())
        .execute();
    } else {
      changed =
        (await trx
          .deleteFrom("integration_programs")
          .where("program_id", "=", program.id)
          .where("provider", "=", provider.name)
          .returning("program_id")
          .executeTakeFirst()) !== undefined;
    }
    if (!changed) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: input.enabled ? "integration.program_enabled" : "integration.program_disabled",
      subject: `${provider.displayName} for ${program.name}`,
    });
  });
}
