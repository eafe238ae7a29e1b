import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";
import { findOrganizationIntegration } from "./organization-integration.ts";

/**
 * Why a program can or cannot offer a provider's meeting mode, before its program admin's own
 * switch: the organization must have the provider installed and connected, and an org admin must
 * have enabled it for the program (F8).
 */
export type ProviderModeAvailability =
  | "available"
  | "not_installed"
  | "broken"
  | "not_enabled_for_program";

export async function providerModeAvailability(
  db: Kysely<Schema>,
  input: { organizationId: string; programId: string; provider: string },
): Promise<ProviderModeAvailability> {
  const integration = await findOrganizationIntegration(db, input.organizationId, input.provider);
  if (!integration) return "not_installed";
  const enabled = await db
    .selectFrom("integration_programs")
    .select("program_id")
    .where("organization_id", "=", input.organizationId)
    .where("program_id", "=", input.programId)
    .where("provider", "=", input.provider)
    .executeTakeFirst();
  if (!enabled) return "not_enabled_for_program";
  return integration.status === "connected" ? "available" : "broken";
}
