import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

/** One program a provider reaches: whether members may pick its mode now, and its meetings. */
export interface ProgramReach {
  id: string;
  name: string;
  /** An org admin enabled the provider for the program. */
  enabled: boolean;
  /** Members can pick the provider's mode there now: enabled, and turned on by its admin. */
  offered: boolean;
  /** Meetings with the provider's mode not cancelled and not yet over. */
  upcomingMeetings: number;
}

/** What turning a provider off would touch, counted when an admin is asked to confirm. */
export interface TurnOffImpact {
  /** Programs that offer the provider's mode or have upcoming meetings with it, by name. */
  programs: ProgramReach[];
  upcomingMeetings: number;
  /** The organization has the provider installed (connected or not). */
  installed: boolean;
}

/**
 * Counts what switching `provider` off would reach in an organization, or in one program of it.
 * The confirmation says these numbers: meetings already made keep their links whatever is
 * switched off, so they are told, not touched.
 */
export async function turnOffImpact(
  db: Kysely<Schema>,
  scope: { organizationId: string; provider: string; programId?: string },
): Promise<TurnOffImpact> {
  let programs = db
    .selectFrom("programs")
    .leftJoin("meeting_modes", (join) =>
      join
        .onRef("meeting_modes.program_id", "=", "programs.id")
        .on("meeting_modes.key", "=", scope.provider)
        .on("meeting_modes.kind", "=", "provider"),
    )
    .select((eb) => [
      "programs.id",
      "programs.name",
      "meeting_modes.enabled as mode_on",
      eb
        .exists(
          eb
            .selectFrom("integration_programs")
            .select("integration_programs.program_id")
            .whereRef("integration_programs.program_id", "=", "programs.id")
            .where("integration_programs.provider", "=", scope.provider),
        )
        .as("enabled"),
      eb
        .selectFrom("events")
        .select(sql<string>`count(*)`.as("n"))
        .whereRef("events.program_id", "=", "programs.id")
        .where("events.meeting_mode", "=", scope.provider)
        .where("events.deleted_at", "is", null)
        .where("events.end_at", ">", sql<Date>`now()`)
        .as("upcoming"),
    ])
    .where("programs.organization_id", "=", scope.organizationId)
    .orderBy("programs.name");
  if (scope.programId !== undefined) {
    programs = programs.where("programs.id", "=", scope.programId);
  }
  const [rows, install] = await Promise.all([
    programs.execute(),
    db
      .selectFrom("provider_connections")
      .select("id")
      .where("kind", "=", "organization")
      .where("owner_ref", "=", scope.organizationId)
      .where("provider", "=", scope.provider)
      .where("status", "<>", "removed")
      .executeTakeFirst(),
  ]);
  const reached = rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      enabled: r.enabled === true,
      offered: r.enabled === true && r.mode_on === true,
      upcomingMeetings: Number(r.upcoming ?? 0),
    }))
    .filter((p) => scope.programId !== undefined || p.offered || p.upcomingMeetings > 0);
  return {
    programs: reached,
    upcomingMeetings: reached.reduce((sum, p) => sum + p.upcomingMeetings, 0),
    installed: install !== undefined,
  };
}
