import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { listProgramMembers, type Program } from "../orgs/programs.ts";

/**
 * Invitees named by email (as software names people) turned into the program's members; every
 * address that is not someone with a role in the program is named back, in `problem`, with the
 * known ones still given so the rest of the meeting can be checked in the same answer.
 */
export async function inviteesByEmail(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  emails: string[],
): Promise<{ ids: string[]; problem: string | undefined }> {
  const members = await listProgramMembers(db, access, program);
  const byEmail = new Map(members.map((m) => [m.email, m.userId]));
  const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()))];
  const unknown = wanted.filter((e) => !byEmail.has(e));
  const problem =
    unknown.length === 0
      ? undefined
      : `Not people with a role in ${program.name}: ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""}.`;
  return {
    ids: wanted.filter((e) => byEmail.has(e)).map((e) => byEmail.get(e) as string),
    problem,
  };
}
