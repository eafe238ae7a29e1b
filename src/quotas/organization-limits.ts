import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { countTakingTurns } from "./count-taking-turns.ts";

/**
 * What one organization may make: far above what a mentoring organization needs, low enough
 * that one tenant cannot fill the instance's tables or its mail queue.
 */
export const organizationLimits = {
  programs: 200,
  applications: 20,
  /** Custom meeting modes one program may add (built-in and provider modes do not count). */
  customModesPerProgram: 20,
  /** Invitations one organization may send in any 24 hours: each is a mail. */
  invitationsPerDay: 200,
};

/** Refuses a program beyond the organization's limit; call after inserting it. */
export async function refuseBeyondProgramLimit(trx: Kysely<Schema>, organizationId: string) {
  const count = await countTakingTurns(trx, `programs:${organizationId}`, async () => {
    const row = await trx
      .selectFrom("programs")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > organizationLimits.programs) {
    throw new DomainError("unprocessable", "The program was not created.", {
      name: `This organization has ${organizationLimits.programs} programs, the most one may have. Archive or remove one first, or ask this instance's operator.`,
    });
  }
}

/** Refuses an application beyond the organization's limit; call after inserting it. */
export async function refuseBeyondApplicationLimit(trx: Kysely<Schema>, organizationId: string) {
  const count = await countTakingTurns(trx, `applications:${organizationId}`, async () => {
    const row = await trx
      .selectFrom("applications")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("organization_id", "=", organizationId)
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > organizationLimits.applications) {
    throw new DomainError("unprocessable", "The application was not registered.", {
      name: `This organization has ${organizationLimits.applications} applications, the most one may register. Delete one it no longer uses first.`,
    });
  }
}

/** Refuses a custom meeting mode beyond the program's limit; call after inserting it. */
export async function refuseBeyondModeLimit(trx: Kysely<Schema>, programId: string) {
  const count = await countTakingTurns(trx, `modes:${programId}`, async () => {
    const row = await trx
      .selectFrom("meeting_modes")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("program_id", "=", programId)
      .where("kind", "=", "custom")
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > organizationLimits.customModesPerProgram) {
    throw new DomainError("unprocessable", "The meeting mode was not added.", {
      label: `This program has ${organizationLimits.customModesPerProgram} meeting modes of its own, the most one may add. Remove one first.`,
    });
  }
}

/** Refuses an invitation beyond the organization's day; call after inserting it. */
export async function refuseBeyondInvitationLimit(trx: Kysely<Schema>, organizationId: string) {
  const count = await countTakingTurns(trx, `invitations:${organizationId}`, async () => {
    const row = await trx
      .selectFrom("invitations")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("organization_id", "=", organizationId)
      .where("created_at", ">", new Date(Date.now() - 24 * 3600_000))
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > organizationLimits.invitationsPerDay) {
    const message = `This organization has sent ${organizationLimits.invitationsPerDay} invitations in the last 24 hours, the most it may. Try again tomorrow.`;
    throw new DomainError("rate_limited", message, { email: message });
  }
}
