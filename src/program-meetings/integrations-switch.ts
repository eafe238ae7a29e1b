import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/** An organization as the operator's integrations switch is read from it. */
export interface SwitchedOrganization {
  name: string;
  integrationsEnabled: boolean;
}

/**
 * Whether members may host the organization's program meetings in their own provider accounts
 * now: only while the operator has integrations enabled for it (set-integrations-enabled.ts).
 * This is where that switch reaches program meetings. The form and the organization API offer
 * no own-account mode without it, Continue and confirm refuse one, and the worker makes and
 * changes no meeting there. What an org admin installed for the organization is not stopped by
 * it: it keeps working, as the operator is told before disabling integrations.
 */
export function ownProfilesUsable(organization: SwitchedOrganization): boolean {
  return organization.integrationsEnabled;
}

/** What each place says while own-account hosting is stopped by the operator. */
export interface OwnProfileStop {
  /** Beside the mode in the form and under `unavailable_meeting_modes`: it cannot be picked. */
  refusal: string;
  /** Beside the mode of a meeting already made so: it keeps its meeting, and changes wait. */
  kept: string;
  /** The failing reason of a meeting the worker did not make or change. */
  waiting: string;
}

export function ownProfileStop(
  organization: SwitchedOrganization,
  displayName: string,
): OwnProfileStop | undefined {
  if (ownProfilesUsable(organization)) return undefined;
  const off = `Integrations are disabled for ${organization.name} by the operator of this confab`;
  return {
    refusal: `${off}, so no meeting can be hosted in your own ${displayName} account now: choose another meeting mode, or ask your confab operator to enable them.`,
    kept: `${off}: this meeting keeps its ${displayName} meeting and link; your changes are saved here and reach ${displayName} once integrations are enabled again.`,
    waiting: `${off}, so confab does not make or change this meeting in its host's own ${displayName} account now. It does once integrations are enabled again; or its creator can change it to another meeting mode.`,
  };
}

/** The same, for the worker, which holds only the meeting's program. */
export async function ownProfileStopInProgram(
  db: Kysely<Schema>,
  programId: string | null,
  displayName: string,
): Promise<OwnProfileStop | undefined> {
  if (programId === null) return undefined;
  const row = await db
    .selectFrom("programs")
    .innerJoin("organizations", "organizations.id", "programs.organization_id")
    .select(["organizations.name", "organizations.integrations_enabled"])
    .where("programs.id", "=", programId)
    .executeTakeFirst();
  return row
    ? ownProfileStop({ name: row.name, integrationsEnabled: row.integrations_enabled }, displayName)
    : undefined;
}
