import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";

/**
 * An on/off program setting that its program admins (and org admins) choose under Program
 * settings, off until they turn it on: what it is stored as, what the form sends, and what the
 * audit log and a refused choice say.
 */
export interface ProgramSwitch {
  column: "guests_allowed" | "own_profiles_allowed";
  /** The form field the choice comes in, "true" or "false". */
  field: string;
  /** The refusal when the choice is neither, and the field's message. */
  notChanged: string;
  choose: string;
  audit: { on: string; off: string };
}

export async function readProgramSwitch(
  db: Kysely<Schema>,
  programId: string,
  setting: ProgramSwitch,
): Promise<boolean> {
  const row = await db
    .selectFrom("programs")
    .select(setting.column)
    .where("id", "=", programId)
    .executeTakeFirst();
  return row?.[setting.column] ?? false;
}

export async function setProgramSwitch(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  setting: ProgramSwitch,
  input: { allowed: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  if (input.allowed !== "true" && input.allowed !== "false") {
    throw new DomainError("invalid_input", setting.notChanged, {
      [setting.field]: setting.choose,
    });
  }
  const allowed = input.allowed === "true";
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable("programs")
      .set({ [setting.column]: allowed })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .where(setting.column, "!=", allowed)
      .executeTakeFirst();
    // Saving what is already so changes nothing, and the log says nothing.
    if (changed.numUpdatedRows === 0n) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: allowed ? setting.audit.on : setting.audit.off,
      subject: program.name,
    });
  });
}
