import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { listProgramMembers, type Program } from "../orgs/programs.ts";

/**
 * Invitees named by email (as software names people) turned into the program's members; every
 * address that is not someone with a role in the program is named back.
 */
export async function inviteesByEmail(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  emails: string[],
): Promise<string[]> {
  const members = await listProgramMembers(db, access, program);
  const byEmail = new Map(members.map((m) => [m.email, m.userId]));
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const unknown = wanted.filter((e) => !byEmail.has(e));
  if (unknown.length > 0) {
    throw new DomainError("invalid_input", "The meeting was not saved.", {
      invitees: `Not people with a role in ${program.name}: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}.`,
    });
  }
  return wanted.map((e) => byEmail.get(e) as string);
}
