import type { Kysely } from "kysely";
import type { ConferencingRequest } from "../conferencing/event-input.ts";
import type { EventRow, MeetingRow } from "../conferencing/event-view.ts";
import { specFromStored } from "../conferencing/meeting-spec.ts";
import type { Schema } from "../db/schema.ts";
import type { MeetingPolicySettings } from "../providers/provider.ts";
import { readMeetingPolicy } from "./meeting-policy.ts";
import { passcodeFor } from "./policy-passcode.ts";

/**
 * The settings a program meeting in the organization's account is made or kept with, from its
 * program's policy as it is now; undefined for any other meeting, or while the program has no
 * policy (the account's defaults, untouched). A required passcode is the meeting's own while it
 * meets the policy, so provisioning the meeting again sends nothing new.
 */
export async function policyForMeeting(
  db: Kysely<Schema>,
  event: EventRow,
  meeting: MeetingRow | undefined,
): Promise<MeetingPolicySettings | undefined> {
  const request = event.conferencing_request as ConferencingRequest | null;
  if (request?.kind !== "organization" || event.program_id === null) return undefined;
  const policy = await readMeetingPolicy(db, event.program_id);
  if (!policy) return undefined;
  const current = meeting
    ? (specFromStored(meeting.sent, meeting.password).policy?.passcode ??
      meeting.password ??
      undefined)
    : undefined;
  return {
    waitingRoom: policy.waitingRoom,
    joinBeforeHost: policy.joinBeforeHost,
    muteUponEntry: policy.muteUponEntry,
    authenticatedOnly: policy.authenticatedOnly,
    ...(policy.passcodeRequired ? { passcode: passcodeFor(policy.passcodeLength, current) } : {}),
  };
}

/** What a meeting's page says of its policy: the settings, and whether a passcode was asked. */
export type MeetingPolicyShown = Omit<MeetingPolicySettings, "passcode"> & {
  passcodeRequired: boolean;
};

/** The policy a meeting was last sent with (its stored spec); undefined when none applied. */
export function policySent(sent: unknown): MeetingPolicyShown | undefined {
  const policy = (sent as { policy?: MeetingPolicySettings } | null)?.policy;
  if (!policy) return undefined;
  const { passcode, ...settings } = policy;
  return { ...settings, passcodeRequired: passcode !== undefined };
}
