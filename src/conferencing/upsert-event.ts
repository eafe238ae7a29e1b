import { randomBytes } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { ConferencingState, EventsTable, Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { checkPinnedOrigins } from "../push-notifications/callback-origins.ts";
import { countTakingTurns } from "../quotas/count-taking-turns.ts";
import { resolveConferencingProfile } from "./conferencing-profiles.ts";
import type { ConferencingRequest, EventDetails, EventInput } from "./event-input.ts";
import { scheduleProvisioningIfNeeded } from "./schedule-provisioning.ts";
import { isOngoing, sameMeetingTarget, stateAfterRequest } from "./state-after-request.ts";

/**
 * Creates or replaces an event by the application's `event_id`. The event and the job that
 * brings its meeting in step are written in one transaction, and nothing waits for the
 * provider: the worker does the rest.
 */
export async function upsertEvent(
  db: Kysely<Schema>,
  caller: CalendarCaller,
  calendarId: string,
  input: EventInput,
  limits: { eventsPerCalendar: number } = { eventsPerCalendar: Number.POSITIVE_INFINITY },
): Promise<{ id: string }> {
  if (calendarId !== caller.calendarId) {
    throw new DomainError("not_found", "There is no such calendar for this access token.");
  }
  await checkPinnedOrigins(
    db,
    caller.applicationId,
    (input.subscriptions ?? []).map((s) => s.uri),
  );
  if (input.conferencing?.kind === "profile") {
    if (input.conferencing.profileId !== "default") {
      const profile = await resolveConferencingProfile(
        db,
        caller.sub,
        input.conferencing.profileId,
      );
      if (!profile) {
        throw new DomainError("unprocessable", "There is no such conferencing profile.", {
          conferencing: `${input.conferencing.profileId} is not one of this account's conferencing profiles.`,
        });
      }
    }
  }

  return db.transaction().execute(async (trx) => {
    const eventId = await eventIdOf(trx, calendarId, input.key);
    const newId = `evt_${randomBytes(12).toString("hex")}`;
    // A first upsert inserts; concurrent first upserts of one event_id wait for each other here.
    const inserted = await trx
      .insertInto("events")
      .values({
        id: newId,
        calendar_id: calendarId,
        event_id: eventId,
        ...valuesFor(input, undefined),
      })
      .onConflict((oc) => oc.columns(["calendar_id", "event_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) await refuseBeyondEventCap(trx, calendarId, limits.eventsPerCalendar);
    let id = newId;
    let request = acted(input, undefined).conferencing ?? null;
    if (!inserted) {
      const existing = await trx
        .selectFrom("events")
        .selectAll()
        .where("calendar_id", "=", calendarId)
        .where("event_id", "=", eventId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      id = existing.id;
      const values = valuesFor(input, existing);
      const conferencing = acted(input, existing).conferencing;
      request = (
        conferencing === undefined ? existing.conferencing_request : conferencing
      ) as ConferencingRequest | null;
      await trx
        .updateTable("events")
        .set({ ...values, revision: sql`revision + 1` })
        .where("id", "=", id)
        .execute();
    }
    await scheduleProvisioningIfNeeded(trx, id, request);
    return { id };
  });
}

type ExistingEvent = Selectable<EventsTable>;

/** The event_id an upsert names: its own, or that of the event its event_uid names. */
async function eventIdOf(
  trx: Kysely<Schema>,
  calendarId: string,
  key: EventInput["key"],
): Promise<string> {
  if ("eventId" in key) return key.eventId;
  const found = await trx
    .selectFrom("events")
    .select("event_id")
    .where("calendar_id", "=", calendarId)
    .where("id", "=", key.eventUid)
    .executeTakeFirst();
  if (!found) {
    throw new DomainError(
      "not_found",
      `There is no event with event_uid ${key.eventUid} in this calendar. confab holds only events made through its API; name a new one by your own event_id.`,
    );
  }
  return found.event_id;
}

export const pastEventReason =
  "Conferencing services cannot be added to past events: the event had started when this conferencing was asked for.";

/**
 * What an upsert's conferencing comes to. As in Cronofy, no conference is made for an event
 * whose start has passed: the event is stored, its conferencing left as it was, and the reason
 * kept for the read-back. An unchanged request on a started event (the same meeting, which
 * exists or is being made) is no change at all, so its meeting keeps in step.
 */
function acted(
  input: EventInput,
  existing: ExistingEvent | undefined,
): { conferencing: EventInput["conferencing"]; skippedReason: string | null } {
  const given = input.conferencing;
  if (given?.kind !== "profile" || input.startAt.getTime() > Date.now()) {
    return { conferencing: given, skippedReason: null };
  }
  const previous = (existing?.conferencing_request ?? null) as ConferencingRequest | null;
  if (existing && sameMeetingTarget(previous, given) && isOngoing(existing.conferencing_state)) {
    return { conferencing: given, skippedReason: null };
  }
  return { conferencing: undefined, skippedReason: pastEventReason };
}

function valuesFor(given: EventInput, existing: ExistingEvent | undefined) {
  const { conferencing, skippedReason } = acted(given, existing);
  const input = { ...given, conferencing };
  const previousRequest = (existing?.conferencing_request ?? null) as ConferencingRequest | null;
  const request = input.conferencing === undefined ? previousRequest : input.conferencing;
  const state = nextState(existing, previousRequest, input.conferencing);
  const attendees = mergeAttendees(
    (existing?.attendees ?? []) as { email: string; display_name?: string }[],
    input,
  );
  return {
    summary: input.summary,
    description: input.description,
    start_at: input.startAt,
    end_at: input.endAt,
    all_day: input.allDay,
    time_zone: input.timeZone,
    location: input.location,
    details: JSON.stringify(mergeDetails(existing, input)),
    attendees: JSON.stringify(attendees),
    conferencing_request: request === null ? null : JSON.stringify(request),
    conferencing_skipped_reason: skippedReason,
    deleted_at: null,
    updated_at: sql<Date>`now()`,
    ...(input.subscriptions ? { subscriptions: JSON.stringify(input.subscriptions) } : {}),
    ...(state
      ? { conferencing_state: state, conferencing_reason: null, conferencing_relink_url: null }
      : {}),
  };
}

/** The details an upsert names replace the event's; reminders_create_only keeps its reminders. */
function mergeDetails(existing: ExistingEvent | undefined, input: EventInput): EventDetails {
  const current = (existing?.details ?? {}) as EventDetails;
  const merged = { ...current, ...input.details };
  if (existing && input.remindersCreateOnly) {
    if (current.reminders === undefined) delete merged.reminders;
    else merged.reminders = current.reminders;
  }
  return merged;
}

/** The conferencing state an upsert leads to; an upsert that leaves conferencing out keeps it. */
function nextState(
  existing: { conferencing_state: ConferencingState } | undefined,
  previous: ConferencingRequest | null,
  given: ConferencingRequest | null | undefined,
): ConferencingState | undefined {
  if (given === undefined) return existing ? undefined : "none";
  return stateAfterRequest(existing?.conferencing_state, previous, given);
}

function mergeAttendees(
  current: { email: string; display_name?: string }[],
  input: EventInput,
): { email: string; display_name?: string }[] {
  const byEmail = new Map(current.map((a) => [a.email.toLowerCase(), a]));
  for (const invite of input.invite) byEmail.set(invite.email.toLowerCase(), invite);
  for (const email of input.reject) byEmail.delete(email);
  return [...byEmail.values()];
}

/** A new event may not take its calendar past the cap. */
async function refuseBeyondEventCap(trx: Kysely<Schema>, calendarId: string, cap: number) {
  if (!Number.isFinite(cap)) return;
  const count = await countTakingTurns(trx, `events:${calendarId}`, async () => {
    const row = await trx
      .selectFrom("events")
      .select((eb) => eb.fn.countAll<string>().as("count"))
      .where("calendar_id", "=", calendarId)
      .where("deleted_at", "is", null)
      .executeTakeFirstOrThrow();
    return row.count;
  });
  if (count > cap) {
    throw new DomainError("unprocessable", "The event is not valid.", {
      event_id: `This calendar holds ${cap} events, the most confab keeps for one calendar (CONFAB_MAX_EVENTS_PER_CALENDAR); delete events that are over before adding more.`,
    });
  }
}
