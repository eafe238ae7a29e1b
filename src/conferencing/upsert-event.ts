import { randomBytes } from "node:crypto";
import { type Kysely, type Selectable, sql } from "kysely";
import type { CalendarCaller } from "../calendars/api-tokens.ts";
import type { ConferencingState, EventsTable, Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { checkPinnedOrigins } from "../push-notifications/callback-origins.ts";
import { countTakingTurns } from "../quotas/count-taking-turns.ts";
import { resolveConferencingProfile } from "./conferencing-profiles.ts";
import type { ConferencingRequest, EventInput } from "./event-input.ts";
import { scheduleProvisioningIfNeeded } from "./schedule-provisioning.ts";
import { stateAfterRequest } from "./state-after-request.ts";

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
    if (input.startAt.getTime() < Date.now()) {
      throw new DomainError("unprocessable", "Conferencing cannot be added to past events.", {
        conferencing: "Conferencing cannot be added to an event that has already started.",
      });
    }
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
    const newId = `evt_${randomBytes(12).toString("hex")}`;
    // A first upsert inserts; concurrent first upserts of one event_id wait for each other here.
    const inserted = await trx
      .insertInto("events")
      .values({
        id: newId,
        calendar_id: calendarId,
        event_id: input.eventId,
        ...valuesFor(input, undefined),
      })
      .onConflict((oc) => oc.columns(["calendar_id", "event_id"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (inserted) await refuseBeyondEventCap(trx, calendarId, limits.eventsPerCalendar);
    let id = newId;
    let request = input.conferencing ?? null;
    if (!inserted) {
      const existing = await trx
        .selectFrom("events")
        .selectAll()
        .where("calendar_id", "=", calendarId)
        .where("event_id", "=", input.eventId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      id = existing.id;
      const values = valuesFor(input, existing);
      request = (
        input.conferencing === undefined ? existing.conferencing_request : input.conferencing
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

function valuesFor(input: EventInput, existing: ExistingEvent | undefined) {
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
    time_zone: input.timeZone,
    location: input.location,
    attendees: JSON.stringify(attendees),
    conferencing_request: request === null ? null : JSON.stringify(request),
    deleted_at: null,
    updated_at: sql<Date>`now()`,
    ...(input.subscriptions ? { subscriptions: JSON.stringify(input.subscriptions) } : {}),
    ...(state
      ? { conferencing_state: state, conferencing_reason: null, conferencing_relink_url: null }
      : {}),
  };
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
