import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { type Program, programNameTaken, readProgramName } from "./programs.ts";

/**
 * An org admin renames a program, under the rule a new one's name follows: 1 to 100 characters,
 * none other in the organization by that name. Meetings already made keep their own titles.
 */
export async function renameProgram(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { name: string; actor: AuditActor },
): Promise<Program> {
  authorizeInOrg(access, "programs.manage");
  const name = readProgramName(input.name, "The program was not renamed.");
  if (name === program.name) return program;
  try {
    return await db.transaction().execute(async (trx) => {
      const renamed = await trx
        .updateTable("programs")
        .set({ name })
        .where("id", "=", program.id)
        .where("organization_id", "=", access.organization.id)
        .returning("id")
        .executeTakeFirst();
      if (!renamed) throw new DomainError("not_found", "There is no such program here.");
      await recordAuditEntry(trx, {
        organizationId: access.organization.id,
        actor: input.actor,
        action: "program.renamed",
        subject: `${program.name} to ${name}`,
      });
      return { ...program, name };
    });
  } catch (error) {
    // The organization's unique (organization_id, name) decides, also between two at once.
    if ((error as { code?: unknown }).code === "23505") {
      throw new DomainError("conflict", "The program was not renamed.", {
        name: programNameTaken,
      });
    }
    throw error;
  }
}
