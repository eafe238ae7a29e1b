import type { Kysely } from "kysely";
import type { OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { type MeetingMode, meetingModesOf } from "../orgs/meeting-modes.ts";
import type { Program } from "../orgs/programs.ts";

/**
 * The meeting modes a member may pick in a program: those turned on, and a provider's only while
 * the organization's install is connected and an org admin has enabled it for the program. An
 * uninstall, from confab or from the provider's side, takes it out at once (F11).
 */
export async function listOfferedMeetingModes(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
): Promise<MeetingMode[]> {
  return meetingModesOf(db, access, program)
    .where("meeting_modes.enabled", "=", true)
    .where((eb) =>
      eb.or([
        eb("meeting_modes.kind", "<>", "provider"),
        eb.and([
          eb.exists(
            eb
              .selectFrom("integration_programs")
              .select("integration_programs.program_id")
              .whereRef("integration_programs.program_id", "=", "meeting_modes.program_id")
              .whereRef("integration_programs.provider", "=", "meeting_modes.key"),
          ),
          eb.exists(
            eb
              .selectFrom("provider_connections")
              .select("provider_connections.id")
              .where("provider_connections.kind", "=", "organization")
              .whereRef("provider_connections.owner_ref", "=", "programs.organization_id")
              .whereRef("provider_connections.provider", "=", "meeting_modes.key")
              .where("provider_connections.status", "=", "connected"),
          ),
        ]),
      ]),
    )
    .execute();
}
