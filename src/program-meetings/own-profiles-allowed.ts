import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { ownProfilesUsable } from "./integrations-switch.ts";
import type { ProgramSwitch } from "./program-switch.ts";

/**
 * Whether members of the program may host its meetings with their own connected Zoom (off
 * unless a program admin turns it on): such a meeting is made in the member's account, which
 * the organization neither manages nor needs to have installed. Meetings already made in a
 * member's own Zoom keep it when it is turned off, and their changes are still sent there.
 * Read and set with program-switch.ts.
 */
export const ownProfilesSwitch: ProgramSwitch = {
  column: "own_profiles_allowed",
  field: "ownProfilesAllowed",
  notChanged: "The setting was not changed.",
  choose: "Choose whether members may host with their own Zoom.",
  audit: { on: "program.own_profiles_allowed", off: "program.own_profiles_not_allowed" },
};

/**
 * The programs in which this person may host the meetings they make with their own connection:
 * those that allow it, are not archived, whose organization may use own accounts now (its
 * integrations enabled), and where they may make meetings (a role in the program, or an org
 * admin of its organization). Named on Your account → Conferencing services.
 */
export async function programsAllowingOwnProfiles(
  db: Kysely<Schema>,
  userId: string,
): Promise<{ programName: string; organizationName: string }[]> {
  const rows = await db
    .selectFrom("programs")
    .innerJoin("organizations", "organizations.id", "programs.organization_id")
    .select([
      "programs.name as programName",
      "organizations.name as organizationName",
      "organizations.integrations_enabled as integrationsEnabled",
    ])
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
  return rows
    .filter((r) =>
      ownProfilesUsable({ name: r.organizationName, integrationsEnabled: r.integrationsEnabled }),
    )
    .map(({ programName, organizationName }) => ({ programName, organizationName }));
}
