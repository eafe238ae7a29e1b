import type { Task } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import { withAccessToken } from "../connections/with-access-token.ts";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import { provisioningDeferrals } from "../metrics/confab-metrics.ts";
import {
  recordProviderOccurrences,
  schedulesSeriesAnew,
  sendOccurrenceChanges,
} from "../program-meetings/occurrences-at-provider.ts";
import { policyForMeeting } from "../program-meetings/policy-for-meeting.ts";
import type { AccessContext, ConferencingProvider, MeetingSpec } from "../providers/provider.ts";
import { ProviderError } from "../providers/provider-error.ts";
import type { Providers } from "../providers/registry.ts";
import type { Vault } from "../vault/vault.ts";
import { changeConferencingState } from "./change-conferencing-state.ts";
import type { ConferencingProfile } from "./conferencing-profiles.ts";
import { type ConferencingRequest, wantsProviderMeeting } from "./event-input.ts";
import { type EventRow, loadEventWithMeeting, type MeetingRow } from "./event-view.ts";
import { meetingSpecOf, specFromStored } from "./meeting-spec.ts";
import { type MeetingTarget, resolveMeetingTarget } from "./meeting-target.ts";
import { retireMeeting } from "./retire-meeting.ts";
import { sameProviderAccount } from "./same-provider-account.ts";
import { scheduleProvisioning } from "./schedule-provisioning.ts";
import { relinkUrl } from "./sealed-link.ts";

export interface ConferencingDeps {
  db: Kysely<Schema>;
  vault: Vault;
  providers: Providers;
  publicUrl: string;
  logger: Logger;
}

/** A deferral longer than this is told to the application (failing) while confab keeps trying. */
const deferralNoticeMs = 5 * 60_000;
/** After this many attempts in a row that the provider did not answer, the event is failing. */
const silentAttempts = 3;
const maximumBackoffMs = 15 * 60_000;

export function provisionMeetingTask(deps: ConferencingDeps): Task {
  return async (payload) => {
    const { eventId } = payload as TaskPayloads["conferencing:provision_meeting"];
    await provisionMeeting(deps, eventId);
  };
}

/**
 * Brings an event's meeting in step with the event as it is now: makes it, updates what
 * changed, or deletes it. Runs in the event's own queue, so never twice at once for one event.
 */
export async function provisionMeeting(deps: ConferencingDeps, eventId: string): Promise<void> {
  const { db } = deps;
  const loaded = await loadEventWithMeeting(db, eventId);
  if (!loaded) return;
  const { event } = loaded;
  let meeting = loaded.meeting;
  const request = event.conferencing_request as ConferencingRequest | null;
  let target: MeetingTarget | undefined;
  try {
    if (
      event.deleted_at !== null ||
      event.conferencing_state === "removed" ||
      !wantsProviderMeeting(request)
    ) {
      if (meeting) await retireMeeting(deps, meeting);
      return;
    }
    const resolved = await resolveMeetingTarget(db, deps.providers, event, request, meeting);
    if ("problem" in resolved) {
      await fail(deps, event, resolved.problem, { relink: resolved.profile });
      return;
    }
    target = resolved;
    if (
      meeting &&
      meeting.connection_id !== target.connectionId &&
      (await sameProviderAccount(db, meeting.connection_id, target.connectionId))
    ) {
      // The same account connected again: the meeting is still theirs, and keeps its join link.
      await db
        .updateTable("meetings")
        .set({ connection_id: target.connectionId })
        .where("event_id", "=", event.id)
        .execute();
      meeting = { ...meeting, connection_id: target.connectionId };
    }
    if (meeting && meeting.connection_id !== target.connectionId) {
      // Another account now: its meeting there is made afresh. The old one is deleted if its
      // install can still be reached; an event holds one meeting, so otherwise it is let go.
      if ((await retireMeeting(deps, meeting)) === "waiting") {
        await db.deleteFrom("meetings").where("event_id", "=", event.id).execute();
      }
      meeting = undefined;
    }
    const provider = deps.providers.get(target.providerName);
    if (!provider) {
      await fail(deps, event, `confab no longer knows the provider ${target.providerName}.`);
      return;
    }
    const { connectionId } = target;
    const spec = meetingSpecOf(event, target, await policyForMeeting(db, event, meeting));
    await withAccessToken({ db, vault: deps.vault, provider }, connectionId, (access) =>
      syncMeeting(db, provider, access, connectionId, event, spec),
    );
    await db.transaction().execute(async (trx) => {
      await trx.updateTable("events").set({ deferrals: 0 }).where("id", "=", event.id).execute();
      await changeConferencingState(trx, event.id, { state: "assigned" }, event.revision);
    });
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    await handleProviderError(deps, event, target, error);
  }
}

async function syncMeeting(
  db: Kysely<Schema>,
  provider: ConferencingProvider,
  access: AccessContext,
  connectionId: string,
  event: EventRow,
  spec: MeetingSpec,
): Promise<void> {
  const sent = JSON.stringify(spec);
  const meeting = await db
    .selectFrom("meetings")
    .selectAll()
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (meeting?.provider_meeting_id) {
    const previous = specFromStored(meeting.sent, meeting.password);
    const changed = await provider.updateMeeting(
      access,
      meeting.provider_meeting_id,
      spec,
      previous,
    );
    if (changed) await recordSent(db, event.id, sent, spec.policy?.passcode);
    if (
      changed &&
      spec.policy?.passcode !== undefined &&
      spec.policy.passcode !== previous.policy?.passcode
    ) {
      // A new passcode gives the meeting a new join link at the provider: the old one would ask
      // for a passcode nobody was sent.
      const details = await provider.joinDetails(access, meeting.provider_meeting_id);
      await db
        .updateTable("meetings")
        .set({ join_url: details.joinUrl, password: details.password ?? null })
        .where("event_id", "=", event.id)
        .execute();
    }
    const meetingId = meeting.provider_meeting_id;
    if (changed && schedulesSeriesAnew(spec, previous)) {
      // The provider has scheduled every occurrence anew, with new ids, and forgotten the ones
      // deleted or moved on their own: the ids are read back and those changes made again.
      const occurrences = await provider.readOccurrences(access, meetingId);
      await recordProviderOccurrences(db, event.id, occurrences);
    }
    await sendOccurrenceChanges(db, provider, access, event.id, meetingId, spec.host);
    return;
  }
  let made = undefined as Awaited<ReturnType<ConferencingProvider["findMeeting"]>>;
  if (meeting) {
    // A create whose outcome is unknown: look for its meeting before making another.
    made = await provider.findMeeting(access, spec.host, spec.marker);
    if (made) await provider.updateMeeting(access, made.id, spec, specFromStored(meeting.sent));
    // A provider's list does not give a series' occurrences: they are read from the meeting.
    if (made && spec.recurrence) {
      made = { ...made, occurrences: await provider.readOccurrences(access, made.id) };
    }
  } else {
    // Written before the call, so a crash or a lost reply leaves a trace to look for.
    await db
      .insertInto("meetings")
      .values({ event_id: event.id, connection_id: connectionId, provider: provider.name, sent })
      .execute();
  }
  try {
    made ??= await provider.createMeeting(access, spec);
  } catch (error) {
    const inDoubt = error instanceof ProviderError && error.kind === "ambiguous";
    if (!meeting && !inDoubt) {
      await db.deleteFrom("meetings").where("event_id", "=", event.id).execute();
    }
    throw error;
  }
  await db
    .updateTable("meetings")
    .set({
      provider_meeting_id: made.id,
      join_url: made.joinUrl,
      password: made.password ?? null,
      host_email: made.hostEmail ?? null,
      sent,
      updated_at: sql`now()`,
    })
    .where("event_id", "=", event.id)
    .execute();
  if (made.occurrences) {
    await recordProviderOccurrences(db, event.id, made.occurrences);
    // Meetings cancelled or moved before the series was made there are so there too.
    await sendOccurrenceChanges(db, provider, access, event.id, made.id, spec.host);
  }
}

async function recordSent(db: Kysely<Schema>, eventId: string, sent: string, passcode?: string) {
  await db
    .updateTable("meetings")
    .set({ sent, ...(passcode ? { password: passcode } : {}), updated_at: sql`now()` })
    .where("event_id", "=", eventId)
    .execute();
}

async function fail(
  deps: ConferencingDeps,
  event: EventRow,
  reason: string,
  options: {
    relink?: { profile: ConferencingProfile; ownerRef: string } | undefined;
    retryAt?: Date;
  } = {},
) {
  const relink = options.relink
    ? relinkUrl(deps.vault, deps.publicUrl, options.relink.profile.id, options.relink.ownerRef)
    : null;
  await deps.db.transaction().execute(async (trx) => {
    await changeConferencingState(
      trx,
      event.id,
      { state: "failing", reason, relinkUrl: relink },
      event.revision,
    );
    if (options.retryAt) await scheduleProvisioning(trx, event.id, options.retryAt);
  });
}

async function handleProviderError(
  deps: ConferencingDeps,
  event: EventRow,
  target: MeetingTarget | undefined,
  error: ProviderError,
) {
  const name = target ? (deps.providers.get(target.providerName)?.displayName ?? "") : "";
  deps.logger.info(
    { eventId: event.id, kind: error.kind, providerCode: error.providerCode },
    "meeting provisioning did not finish",
  );
  switch (error.kind) {
    case "connection_revoked":
      await fail(
        deps,
        event,
        target?.profile
          ? `The ${name} profile ${target.profile.profile.profileName} is disconnected: ${error.message}`
          : `The organization's ${name} install is disconnected: ${error.message}`,
        { relink: target?.profile },
      );
      return;
    case "rejected":
      await fail(deps, event, `${name} refused the meeting: ${error.message}`);
      return;
    case "not_found":
      await deps.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("meetings").where("event_id", "=", event.id).execute();
        await changeConferencingState(trx, event.id, {
          state: "removed",
          reason: `The meeting was deleted in ${name || "the provider"}.`,
        });
      });
      return;
    case "rate_limited": {
      provisioningDeferrals.inc({ cause: error.kind });
      const retryAt = error.retryAt ?? new Date(Date.now() + 60_000);
      if (retryAt.getTime() - Date.now() > deferralNoticeMs) {
        await fail(
          deps,
          event,
          `${name}'s limits defer this meeting until ${retryAt.toISOString()}; confab will make it then.`,
          { retryAt },
        );
      } else {
        await scheduleProvisioning(deps.db, event.id, retryAt);
      }
      return;
    }
    default: {
      // unavailable, ambiguous, a token refused twice: try again later, backing off.
      provisioningDeferrals.inc({ cause: error.kind });
      const attempts = event.deferrals + 1;
      await deps.db
        .updateTable("events")
        .set({ deferrals: attempts })
        .where("id", "=", event.id)
        .execute();
      const delay = Math.min(maximumBackoffMs, 1000 * 2 ** attempts) * (0.75 + Math.random() / 2);
      const retryAt = new Date(Date.now() + delay);
      if (attempts >= silentAttempts) {
        await fail(
          deps,
          event,
          `${name} is not answering (${error.message}); confab keeps trying.`,
          {
            retryAt,
          },
        );
      } else {
        await scheduleProvisioning(deps.db, event.id, retryAt);
      }
    }
  }
}

export type { MeetingRow };
