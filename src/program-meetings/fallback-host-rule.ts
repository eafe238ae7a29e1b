import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";

/**
 * Who hosts a program's provider meeting when its creator cannot (a mentee without a licence):
 * the first licensed invitee, the organization's host account, or nobody (the mode is refused).
 */
export type FallbackHostRule = "licensed_invitee" | "host_account" | "refuse";

export const fallbackHostRules: { rule: FallbackHostRule; label: string; explanation: string }[] = [
  {
    rule: "licensed_invitee",
    label: "The first invitee who can host",
    explanation:
      "The first person invited who is a licensed user of the organization's account hosts (usually the mentor); the creator joins as a participant and still owns the meeting in confab.",
  },
  {
    rule: "host_account",
    label: "The organization's host account",
    explanation:
      "The host account an organization admin names under Manage → Integrations hosts; every licensed invitee is an alternative host.",
  },
  {
    rule: "refuse",
    label: "Nobody: only licensed users may book",
    explanation: "Members who cannot host are told so on the form and pick another meeting mode.",
  },
];

export function isFallbackHostRule(value: string): value is FallbackHostRule {
  return fallbackHostRules.some((r) => r.rule === value);
}

export async function readFallbackHostRule(
  db: Kysely<Schema>,
  programId: string,
): Promise<FallbackHostRule> {
  const row = await db
    .selectFrom("programs")
    .select("fallback_host_rule")
    .where("id", "=", programId)
    .executeTakeFirst();
  return row?.fallback_host_rule ?? "licensed_invitee";
}

/** Program settings: the program's admins (and org admins) choose the rule. */
export async function setFallbackHostRule(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { rule: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  const chosen = fallbackHostRules.find((r) => r.rule === input.rule);
  if (!chosen) {
    throw new DomainError("invalid_input", "The host rule was not changed.", {
      fallbackHostRule: "Choose one of the rules listed.",
    });
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("programs")
      .set({ fallback_host_rule: chosen.rule })
      .where("id", "=", program.id)
      .where("organization_id", "=", access.organization.id)
      .execute();
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.fallback_host_rule_changed",
      subject: `${program.name}: ${chosen.label}`,
    });
  });
}
