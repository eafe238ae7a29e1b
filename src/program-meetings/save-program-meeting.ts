import { randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import { authorizeOnMeeting, type OrgAccess } from "../authorization/policy.ts";
import { adoptProviderSideChange } from "../conferencing/adopt-provider-side-change.ts";
import type { ConferencingRequest } from "../conferencing/event-input.ts";
import { scheduleProvisioningIfNeeded } from "../conferencing/schedule-provisioning.ts";
import { stateAfterRequest } from "../conferencing/state-after-request.ts";
import { inTransaction } from "../db/in-transaction.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { scheduleInvitationMail } from "../mail/schedule-invitation-mail.ts";
import type { Program } from "../orgs/programs.ts";
import { guestsNotAllowed } from "./guests-allowed.ts";
import { replaceGuests } from "./meeting-guests.ts";
import { ownProfileModeLabel, ownProfileRequest } from "./own-profile-hosting.ts";
import type { PreparedMeeting } from "./prepare-program-meeting.ts";
import { saveOccurrences } from "./series-occurrences.ts";

/**
 * Saves a prepared meeting, new or changed, with the job that brings its provider meeting in
 * step, in one transaction: the page answers at once and the worker talks to the provider. A
 * change keeps the same provider meeting (and join link); a mode away from the provider deletes it.
 */
export async function saveProgramMeeting(
  db: Kysely<Schema>,
  access: OrgAccess,
  program: Program,
  prepared: PreparedMeeting,
  existingId?: string,
): Promise<{ id: string }> {
  const { draft, mode, hosting } = prepared;
  const request: ConferencingRequest | null = prepared.ownProfile
    ? ownProfileRequest(prepared.ownProfile)
    : hosting
      ? {
          kind: "organization",
          provider: mode.key,
          host: hosting.host.email,
          alternativeHosts: hosting.alternativeHosts.map((p) => p.email),
        }
      : null;
  const values = {
    summary: draft.title,
    description: draft.description,
    start_at: draft.startAt,
    end_at: draft.endAt,
    time_zone: draft.timeZone,
    attendees: JSON.stringify(
      [...prepared.invitees, ...prepared.guests].map((p) => ({
        email: p.email,
        display_name: p.name || undefined,
      })),
    ),
    conferencing_request: request === null ? null : JSON.stringify(request),
    meeting_mode: mode.key,
    meeting_mode_label: prepared.ownProfile ? ownProfileModeLabel(prepared.ownProfile) : mode.label,
    recurrence: draft.series ? JSON.stringify(draft.series.rule) : null,
    updated_at: sql<Date>`now()`,
  };
  return inTransaction(db, async (trx) => {
    // Guests typed while the program allowed them are refused if it stopped since: the row is
    // read under a lock, so the setting cannot change again until this save is done.
    if (draft.guests !== undefined && draft.guests.length > 0) {
      const setting = await trx
        .selectFrom("programs")
        .select("guests_allowed")
        .where("id", "=", program.id)
        .forShare()
        .executeTakeFirst();
      if (!setting?.guests_allowed) {
        throw new DomainError("invalid_input", "The meeting was not saved.", {
          guests: guestsNotAllowed(program.name),
        });
      }
    }
    let id: string;
    if (existingId === undefined) {
      id = `evt_${randomBytes(12).toString("hex")}`;
      await trx
        .insertInto("events")
        .values({
          id,
          calendar_id: null,
          event_id: id,
          program_id: program.id,
          organizer_id: prepared.creator.userId,
          ...values,
          conferencing_state: stateAfterRequest(undefined, null, request) ?? "none",
        })
        .execute();
    } else {
      const existing = await trx
        .selectFrom("events")
        .select(["id", "organizer_id", "conferencing_request", "conferencing_state", "deleted_at"])
        .where("id", "=", existingId)
        .where("program_id", "=", program.id)
        .forUpdate()
        .executeTakeFirst();
      if (!existing || existing.deleted_at !== null) {
        throw new DomainError(
          "not_found",
          "There is no such meeting here (it may have been cancelled).",
        );
      }
      const invited = await trx
        .selectFrom("event_invitees")
        .select("user_id")
        .where("event_id", "=", existingId)
        .execute();
      authorizeOnMeeting(access, "meeting.change", {
        programId: program.id,
        organizerId: existing.organizer_id,
        inviteeIds: invited.map((r) => r.user_id),
      });
      id = existing.id;
      const state = stateAfterRequest(
        existing.conferencing_state,
        existing.conferencing_request as ConferencingRequest | null,
        request,
      );
      await trx
        .updateTable("events")
        .set({
          ...values,
          revision: sql`revision + 1`,
          ...(state
            ? {
                conferencing_state: state,
                conferencing_reason: null,
                conferencing_relink_url: null,
              }
            : {}),
        })
        .where("id", "=", id)
        .execute();
      await trx.deleteFrom("event_invitees").where("event_id", "=", id).execute();
      // A change made at the provider meanwhile was said on the form: saving sends confab's time.
      await adoptProviderSideChange(trx, id);
    }
    await trx
      .insertInto("event_invitees")
      .values(prepared.invitees.map((p) => ({ event_id: id, user_id: p.userId })))
      .execute();
    await replaceGuests(trx, id, prepared.guests);
    const minutes = Math.round((draft.endAt.getTime() - draft.startAt.getTime()) / 60_000);
    await saveOccurrences(trx, id, draft.series?.starts ?? [], minutes);
    await scheduleProvisioningIfNeeded(trx, id, request);
    await scheduleInvitationMail(trx, id);
    return { id };
  });
}
