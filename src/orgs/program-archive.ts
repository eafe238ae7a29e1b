import { type Kysely, sql } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInOrg, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "./programs.ts";

/**
 * An org admin archives a program that has run its course, or brings it back. Archiving keeps
 * everything (members, modes, meetings) and stops only what is new: the program leaves the lists
 * and takes no new meetings. Meetings already made stay, links and all, until cancelled.
 */
export async function setProgramArchived(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { archived: boolean; actor: AuditActor },
): Promise<void> {
  authorizeInOrg(access, "programs.manage");
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable("programs")
      .set({ archived_at: input.archived ? sql<Date>`now()` : null })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .where("archived_at", input.archived ? "is" : "is not", null)
      .returning("id")
      .executeTakeFirst();
    if (!changed) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: input.archived ? "program.archived" : "program.unarchived",
      subject: program.name,
    });
  });
}

/** The meetings an archived program keeps: not cancelled, not over, with a provider or not. */
export async function upcomingMeetingsOf(
  db: Kysely<Schema>,
  program: Program,
): Promise<{ meetings: number; providerMeetings: number }> {
  const row = await db
    .selectFrom("events")
    .leftJoin("meeting_modes", (join) =>
      join
        .onRef("meeting_modes.program_id", "=", "events.program_id")
        .onRef("meeting_modes.key", "=", "events.meeting_mode"),
    )
    .select([
      sql<string>`count(*)`.as("meetings"),
      sql<string>`count(*) filter (where meeting_modes.kind = 'provider')`.as("provider_meetings"),
    ])
    .where("events.program_id", "=", program.id)
    .where("events.deleted_at", "is", null)
    .where("events.end_at", ">", sql<Date>`now()`)
    .executeTakeFirstOrThrow();
  return { meetings: Number(row.meetings), providerMeetings: Number(row.provider_meetings) };
}

/** An archived program takes no new meetings; what it has stays, and may still be changed. */
export function refuseNewMeetingsWhenArchived(program: Program): void {
  if (program.archivedAt === null) return;
  throw new DomainError(
    "conflict",
    `${program.name} is archived, so no new meetings can be made in it. Its meetings already made stay; an organization admin can unarchive it under Program settings.`,
  );
}
