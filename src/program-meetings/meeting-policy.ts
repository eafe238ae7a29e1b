import { type Kysely, sql } from "kysely";
import { type AuditActor, recordAuditEntry } from "../audit/record-audit-entry.ts";
import { authorizeInProgram, canInOrg, type OrgAccess } from "../authorization/policy.ts";
import { scheduleProvisioning } from "../conferencing/schedule-provisioning.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import type { Program } from "../orgs/programs.ts";
import { passcodeMaximum, passcodeMinimum } from "./policy-passcode.ts";

/**
 * How a program's meetings in the organization's Zoom account are set up: program admins choose,
 * within what an org admin locked. Recording is not among them: confab never records.
 */
export interface MeetingPolicy {
  waitingRoom: boolean;
  passcodeRequired: boolean;
  /** The fewest characters of a passcode confab makes, when one is required. */
  passcodeLength: number;
  joinBeforeHost: boolean;
  muteUponEntry: boolean;
  /** Only people signed in to Zoom may join. */
  authenticatedOnly: boolean;
  /** The settings program admins cannot change. */
  locked: PolicySetting[];
}

export type PolicySetting =
  | "waiting_room"
  | "passcode"
  | "join_before_host"
  | "mute_upon_entry"
  | "authenticated_only";

export const policySettingLabels: Record<PolicySetting, string> = {
  waiting_room: "the waiting room",
  passcode: "the passcode",
  join_before_host: "join before host",
  mute_upon_entry: "mute on entry",
  authenticated_only: "only signed-in users",
};

export const policySettings = Object.keys(policySettingLabels) as PolicySetting[];

export function isPolicySetting(value: string): value is PolicySetting {
  return value in policySettingLabels;
}

/** What the form starts from while a program has no policy: Zoom's own secure choices. */
export const suggestedMeetingPolicy: MeetingPolicy = {
  waitingRoom: true,
  passcodeRequired: true,
  passcodeLength: 8,
  joinBeforeHost: false,
  muteUponEntry: false,
  authenticatedOnly: false,
  locked: [],
};

/** The program's policy; undefined while none was saved (the account's defaults apply). */
export async function readMeetingPolicy(
  db: Kysely<Schema>,
  programId: string,
): Promise<MeetingPolicy | undefined> {
  const row = await db
    .selectFrom("meeting_policies")
    .selectAll()
    .where("program_id", "=", programId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    waitingRoom: row.waiting_room,
    passcodeRequired: row.passcode_required,
    passcodeLength: row.passcode_length,
    joinBeforeHost: row.join_before_host,
    muteUponEntry: row.mute_upon_entry,
    authenticatedOnly: row.authenticated_only,
    locked: row.locked.filter(isPolicySetting),
  };
}

/** The policy as typed in the form: the passcode length as text, checked here. */
export interface MeetingPolicyInput {
  waitingRoom: boolean;
  passcodeRequired: boolean;
  passcodeLength: string;
  joinBeforeHost: boolean;
  muteUponEntry: boolean;
  authenticatedOnly: boolean;
  /** Only an org admin's is read; a program admin's leaves the locks as they are. */
  locked?: string[];
}

/**
 * Saves a program's policy. Program admins (and org admins) change it; only org admins lock a
 * setting, and a locked setting stays as it is for everyone else. The program's future meetings
 * in the organization's account are brought in line by the worker: one update for each meeting
 * that differs, none for the others.
 */
export async function setMeetingPolicy(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  input: MeetingPolicyInput & { actor: AuditActor },
): Promise<{ meetingsToUpdate: number }> {
  authorizeInProgram(access, "program.settings.manage", program.id);
  const current = await readMeetingPolicy(db, program.id);
  const next = checkedPolicy(input);
  // Org admins answer for the organization's install: they lock what programs may not change.
  const locksAllowed = canInOrg(access, "integrations.manage");
  const lockedBefore = current?.locked ?? [];
  next.locked = locksAllowed
    ? [...new Set((input.locked ?? []).filter(isPolicySetting))].sort()
    : lockedBefore;
  if (!locksAllowed && current) {
    const changed = lockedBefore.filter((s) => !sameSetting(s, current, next));
    if (changed.length > 0) {
      throw new DomainError(
        "forbidden",
        `An organization admin locked ${changed.map((s) => policySettingLabels[s]).join(" and ")} for ${program.name}: ask one of them to change it.`,
      );
    }
    // A length that does not count now (no passcode asked for) stays locked all the same.
    if (lockedBefore.includes("passcode")) next.passcodeLength = current.passcodeLength;
  }
  const settingsChanged = !current || policySettings.some((s) => !sameSetting(s, current, next));
  const locksChanged = lockedBefore.join() !== next.locked.join();
  if (!settingsChanged && !locksChanged) return { meetingsToUpdate: 0 };
  return db.transaction().execute(async (trx) => {
    const row = {
      waiting_room: next.waitingRoom,
      passcode_required: next.passcodeRequired,
      passcode_length: next.passcodeLength,
      join_before_host: next.joinBeforeHost,
      mute_upon_entry: next.muteUponEntry,
      authenticated_only: next.authenticatedOnly,
      locked: next.locked,
    };
    await trx
      .insertInto("meeting_policies")
      .values({ program_id: program.id, ...row })
      .onConflict((oc) => oc.column("program_id").doUpdateSet({ ...row, updated_at: sql`now()` }))
      .execute();
    if (locksChanged) {
      await recordAuditEntry(trx, {
        organizationId: access.organization.id,
        actor: input.actor,
        action: "program.meeting_policy_locked",
        subject: `${program.name}: ${
          next.locked.length === 0
            ? "nothing locked"
            : `${next.locked.map((s) => policySettingLabels[s]).join(", ")} locked`
        }`,
      });
    }
    if (!settingsChanged) return { meetingsToUpdate: 0 };
    await recordAuditEntry(trx, {
      organizationId: access.organization.id,
      actor: input.actor,
      action: "program.meeting_policy_changed",
      subject: `${program.name}: ${describeMeetingPolicy(next)}`,
    });
    return { meetingsToUpdate: await scheduleFutureMeetings(trx, program.id) };
  });
}

/**
 * The program's meetings in the organization's account that have not started and are not
 * cancelled: each is provisioned again, which sends Zoom only what differs from what it has.
 */
async function scheduleFutureMeetings(trx: Kysely<Schema>, programId: string): Promise<number> {
  const future = await trx
    .selectFrom("events")
    .select("id")
    .where("program_id", "=", programId)
    .where("deleted_at", "is", null)
    .where("start_at", ">", sql<Date>`now()`)
    .where(sql<string>`conferencing_request ->> 'kind'`, "=", "organization")
    .execute();
  for (const { id } of future) await scheduleProvisioning(trx, id);
  return future.length;
}

function sameSetting(setting: PolicySetting, a: MeetingPolicy, b: MeetingPolicy): boolean {
  switch (setting) {
    case "waiting_room":
      return a.waitingRoom === b.waitingRoom;
    case "passcode":
      return (
        a.passcodeRequired === b.passcodeRequired &&
        (!a.passcodeRequired || a.passcodeLength === b.passcodeLength)
      );
    case "join_before_host":
      return a.joinBeforeHost === b.joinBeforeHost;
    case "mute_upon_entry":
      return a.muteUponEntry === b.muteUponEntry;
    case "authenticated_only":
      return a.authenticatedOnly === b.authenticatedOnly;
  }
}

/** The policy as typed, or the rules it breaks, each with the limit that decides it. */
function checkedPolicy(input: MeetingPolicyInput): MeetingPolicy {
  const problems: Record<string, string> = {};
  const typed = input.passcodeLength.trim();
  const length = Number(typed === "" ? suggestedMeetingPolicy.passcodeLength : typed);
  const lengthAllowed =
    Number.isInteger(length) && length >= passcodeMinimum && length <= passcodeMaximum;
  // A length is only held against the form when a passcode is asked for.
  if (input.passcodeRequired && !lengthAllowed) {
    problems.passcodeLength = !Number.isInteger(length)
      ? `Give the passcode length as a whole number, from ${passcodeMinimum} to ${passcodeMaximum}.`
      : length > passcodeMaximum
        ? `Zoom takes passcodes of at most ${passcodeMaximum} characters: choose ${passcodeMinimum} to ${passcodeMaximum}.`
        : `A passcode needs at least ${passcodeMinimum} characters (what Zoom accounts ask for by default): choose ${passcodeMinimum} to ${passcodeMaximum}.`;
  }
  if (input.waitingRoom && input.joinBeforeHost) {
    problems.joinBeforeHost =
      "Zoom turns join before host off whenever the waiting room is on: turn one of them off.";
  }
  if (Object.keys(problems).length > 0) {
    throw new DomainError("invalid_input", "The meeting policy was not saved.", problems);
  }
  return {
    waitingRoom: input.waitingRoom,
    passcodeRequired: input.passcodeRequired,
    passcodeLength: lengthAllowed ? length : suggestedMeetingPolicy.passcodeLength,
    joinBeforeHost: input.joinBeforeHost,
    muteUponEntry: input.muteUponEntry,
    authenticatedOnly: input.authenticatedOnly,
    locked: [],
  };
}

/** The policy in words, as the audit log and the settings page say it. */
export function describeMeetingPolicy(policy: Omit<MeetingPolicy, "locked">): string {
  return [
    `waiting room ${policy.waitingRoom ? "on" : "off"}`,
    policy.passcodeRequired
      ? `passcode required (${policy.passcodeLength} characters or more)`
      : "passcode as the Zoom account sets it",
    `join before host ${policy.joinBeforeHost ? "on" : "off"}`,
    `mute on entry ${policy.muteUponEntry ? "on" : "off"}`,
    policy.authenticatedOnly ? "only signed-in Zoom users" : "anyone with the link",
    "recording off",
  ].join(" · ");
}
