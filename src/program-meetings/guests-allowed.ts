import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";

/** What members are told when they name guests in a program that does not take them. */
export const guestsNotAllowed = (programName: string) =>
  `${programName} does not allow guests from outside the program: remove them, or ask a program admin to allow guests under Program settings.`;

/** Whether members of the program may invite guests from outside it (off unless turned on). */
export async function readGuestsAllowed(db: Kysely<Schema>, programId: string): Promise<boolean> {
  const row = await db
    .selectFrom("programs")
    .select("guests_allowed")
    .where("id", "=", programId)
    .executeTakeFirst();
  return row?.guests_allowed ?? false;
}

/**
 * Program settings: the program's admins (and org admins) allow guests or not. Meetings that
 * already have guests keep them; a change to such a meeting is refused until they are removed.
 */
export async function setGuestsAllowed(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { allowed: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  if (input.allowed !== "true" && input.allowed !== "false") {
    throw new DomainError("invalid_input", "The guest setting was not changed.", {
      guestsAllowed: "Choose whether guests are allowed.",
    });
  }
  const allowed = input.allowed === "true";
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable("programs")
      .set({ guests_allowed: allowed })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .where("guests_allowed", "!=", allowed)
      .executeTakeFirst();
    // Saving what is already so changes nothing, and the log says nothing.
    if (changed.numUpdatedRows === 0n) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: allowed ? "program.guests_allowed" : "program.guests_not_allowed",
      subject: program.name,
    });
  });
}
