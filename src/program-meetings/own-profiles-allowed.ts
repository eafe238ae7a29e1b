import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";

/**
 * Whether members of the program may host its meetings with their own connected Zoom (off
 * unless a program admin turns it on): such a meeting is made in the member's account, which
 * the organization neither manages nor needs to have installed.
 */
export async function readOwnProfilesAllowed(
  db: Kysely<Schema>,
  programId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom("programs")
    .select("own_profiles_allowed")
    .where("id", "=", programId)
    .executeTakeFirst();
  return row?.own_profiles_allowed ?? false;
}

/**
 * Program settings: the program's admins (and org admins) allow own-Zoom hosting or not.
 * Meetings already made in a member's own Zoom keep it, and their changes are still sent there.
 */
export async function setOwnProfilesAllowed(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { allowed: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  if (input.allowed !== "true" && input.allowed !== "false") {
    throw new DomainError("invalid_input", "The setting was not changed.", {
      ownProfilesAllowed: "Choose whether members may host with their own Zoom.",
    });
  }
  const allowed = input.allowed === "true";
  await db.transaction().execute(async (trx) => {
    const changed = await trx
      .updateTable("programs")
      .set({ own_profiles_allowed: allowed })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .where("own_profiles_allowed", "!=", allowed)
      .executeTakeFirst();
    // Saving what is already so changes nothing, and the log says nothing.
    if (changed.numUpdatedRows === 0n) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: allowed ? "program.own_profiles_allowed" : "program.own_profiles_not_allowed",
      subject: program.name,
    });
  });
}

/**
 * The programs in which this person may host the meetings they make with their own connection:
 * those that allow it, are not archived, and where they may make meetings (a role in the
 * program, or an org admin of its organization). Named on Your account → Conferencing services.
 */
export async function programsAllowingOwnProfiles(
  db: Kysely<Schema>,
  userId: string,
): Promise<{ programName: string; organizationName: string }[]> {
  return db
    .selectFrom("programs")
    .innerJoin("organizations", "organizations.id", "programs.organization_id")
    .select(["programs.name as programName", "organizations.name as organizationName"])
    .where("programs.own_profiles_allowed", "=", true)
    .where("programs.archived_at", "is", null)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("program_roles")
            .select("program_roles.user_id")
            .whereRef("program_roles.program_id", "=", "programs.id")
            .where("program_roles.user_id", "=", userId),
        ),
        eb.exists(
          eb
            .selectFrom("memberships")
            .select("memberships.user_id")
            .whereRef("memberships.organization_id", "=", "programs.organization_id")
            .where("memberships.user_id", "=", userId)
            .where("memberships.role", "=", "org_admin"),
        ),
      ]),
    )
    .orderBy("organizations.name")
    .orderBy("programs.name")
    .execute();
}
