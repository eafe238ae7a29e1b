import type { Kysely } from "kysely";
import { scheduleAlert } from "../alerts/schedule-alert.ts";
import type { ConferencingState, Schema } from "../db/schema.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import { notifySubscribers } from "../push-notifications/write-notifications.ts";

export interface StateChange {
  state: ConferencingState;
  reason?: string | null;
  relinkUrl?: string | null;
}

/**
 * Moves an event's conferencing to a new state and, when the state really changed, tells the
 * subscribed application once: the notification is written and its delivery job enqueued in the
 * caller's transaction. Staying in a state (failing again for the same cause) sends nothing.
 *
 * `revision`: the event as the caller read it; if the application changed the event since, the
 * state is left for the job that change enqueued.
 */
export async function changeConferencingState(
  trx: Kysely<Schema>,
  eventId: string,
  change: StateChange,
  revision?: number,
): Promise<boolean> {
  let query = trx
    .updateTable("events")
    .set({
      conferencing_state: change.state,
      conferencing_reason: change.reason ?? null,
      conferencing_relink_url: change.relinkUrl ?? null,
    })
    .where("id", "=", eventId);
  if (revision !== undefined) query = query.where("revision", "=", revision);
  const before = await trx
    .selectFrom("events")
    .select(["conferencing_state", "program_id"])
    .where("id", "=", eventId)
    .forUpdate()
    .executeTakeFirst();
  const updated = await query.returning("id").executeTakeFirst();
  if (!updated || before?.conferencing_state === change.state) return false;
  await notifySubscribers(trx, eventId, change.state);
  // A program meeting's invitations wait for its join link, or say it could not be made.
  if (before?.program_id) {
    await scheduleInvitationMail(trx, eventId);
    // Its host is told the meeting has no link; an application learns it from its push.
    if (change.state === "failing") await scheduleAlert(trx, { alert: "meeting_failed", eventId });
  }
  return true;
}
