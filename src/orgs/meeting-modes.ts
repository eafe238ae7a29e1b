import type { Kysely } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, type OrgAccess } from "../authorization/policy.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { refuseBeyondModeLimit } from "../quotas/organization-limits.ts";
import type { Program } from "./programs.ts";

export interface MeetingMode {
  key: string;
  label: string;
  kind: "builtin" | "custom" | "provider";
  enabled: boolean;
}

/**
 * A program's meeting modes, in the order they were added, loaded only through the viewer's own
 * organization. Callers narrow it further (e.g. to the modes a member may pick).
 */
export function meetingModesOf(db: Kysely<Schema>, access: OrgAccess, program: Program) {
  authorizeInProgram(access, "program.view", program.id);
  return db
    .selectFrom("meeting_modes")
    .innerJoin("programs", "programs.id", "meeting_modes.program_id")
    .select(["key", "label", "kind", "enabled"])
    .where("meeting_modes.program_id", "=", program.id)
    .where("programs.organization_id", "=", access.organization.id)
    .orderBy("meeting_modes.created_at")
    .orderBy("key");
}

export async function listMeetingModes(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
): Promise<MeetingMode[]> {
  return meetingModesOf(db, access, program).execute();
}

export async function setMeetingModeEnabled(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { key: string; enabled: boolean; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  // A provider's mode has its own rules (src/integrations/set-program-provider-mode.ts).
  await switchMeetingMode(db, access, program, { ...input, providerMode: false });
}

/**
 * Turns one mode on or off and records it in the audit log, in one transaction; nothing is
 * written when it already was so. `providerMode` says which kind of mode the caller may switch.
 * Callers check permissions first.
 */
export async function switchMeetingMode(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { key: string; enabled: boolean; actor: AuditActor; providerMode: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const mode = await trx
      .updateTable("meeting_modes")
      .set({ enabled: input.enabled })
      .where("program_id", "=", program.id)
      .where("key", "=", input.key)
      .where("kind", input.providerMode ? "=" : "<>", "provider")
      .where("enabled", "<>", input.enabled)
      .returning("label")
      .executeTakeFirst();
    if (!mode) return;
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: input.enabled ? "meeting_mode.enabled" : "meeting_mode.disabled",
      subject: `${mode.label} in ${program.name}`,
    });
  });
}

/** Adds a text meeting mode (e.g. "Video call on our own platform"), on from the start. */
export async function addMeetingMode(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { label: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  const label = input.label.trim().replace(/\s+/g, " ");
  if (label === "" || label.length > 60) {
    throw new DomainError("invalid_input", "The meeting mode was not added.", {
      label: "Enter a name of 1 to 60 characters.",
    });
  }
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  const key = `custom_${slug || "mode"}_${Date.now().toString(36)}`;
  await db.transaction().execute(async (trx) => {
    const added = await trx
      .insertInto("meeting_modes")
      .values({ program_id: program.id, key, label, kind: "custom" })
      .onConflict((c) => c.doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!added) {
      throw new DomainError("conflict", "The meeting mode was not added.", {
        label: "This program already has a meeting mode with this name.",
      });
    }
    await refuseBeyondModeLimit(trx, program.id);
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "meeting_mode.added",
      subject: `${label} in ${program.name}`,
    });
  });
}

/** Removes a mode the program added; built-in and provider modes are only turned off. */
export async function removeMeetingMode(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: { key: string; actor: AuditActor },
): Promise<void> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  await db.transaction().execute(async (trx) => {
    const removed = await trx
      .deleteFrom("meeting_modes")
      .where("program_id", "=", program.id)
      .where("key", "=", input.key)
      .where("kind", "=", "custom")
      .returning("label")
      .executeTakeFirst();
    if (!removed) throw new DomainError("not_found", "There is no such custom meeting mode.");
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "meeting_mode.removed",
      subject: `${removed.label} in ${program.name}`,
    });
  });
}
