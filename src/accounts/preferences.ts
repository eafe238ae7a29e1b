import type { Kysely } from "kysely";
import { isTimeZone } from "../conferencing/event-input.ts";
import { resolveTimeZone } from "../conferencing/zoned-time.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";

export interface Preferences {
  /** The zone times are shown in, in mails and pages; null until the person chose one. */
  timeZone: string | null;
  /** Meeting invitations and changes by mail; security mails are sent whatever this says. */
  meetingMail: boolean;
}

export async function readPreferences(db: Kysely<Schema>, userId: string): Promise<Preferences> {
  const row = await db
    .selectFrom("users")
    .select(["time_zone", "meeting_mail"])
    .where("id", "=", userId)
    .executeTakeFirstOrThrow();
  return { timeZone: row.time_zone, meetingMail: row.meeting_mail };
}

export async function savePreferences(
  db: Kysely<Schema>,
  userId: string,
  input: { timeZone: string; meetingMail: boolean },
): Promise<void> {
  const timeZone = readTimeZone(input.timeZone, "Your preferences were not saved.");
  await db
    .updateTable("users")
    .set({ time_zone: timeZone, meeting_mail: input.meetingMail })
    .where("id", "=", userId)
    .execute();
}

/** Only the zone, as the note on pages offers it (the browser's own, or one typed). */
export async function saveTimeZone(
  db: Kysely<Schema>,
  userId: string,
  typed: string,
): Promise<string> {
  const refusal = "Your time zone was not saved.";
  const timeZone = readTimeZone(typed, refusal);
  if (timeZone === null) {
    throw new DomainError("invalid_input", refusal, {
      timeZone: "Type your time zone, or a city in it, like Africa/Lagos.",
    });
  }
  await db.updateTable("users").set({ time_zone: timeZone }).where("id", "=", userId).execute();
  return timeZone;
}

/**
 * The IANA zone a person typed (a name in any case, or a city that names one zone), or null
 * for an empty field: times are then shown in each meeting's own zone.
 */
function readTimeZone(typed: string, refusal: string): string | null {
  const trimmed = typed.trim();
  if (trimmed === "") return null;
  const timeZone = resolveTimeZone(trimmed) ?? trimmed;
  if (timeZone.length > 64 || !isTimeZone(timeZone)) {
    throw new DomainError("invalid_input", refusal, {
      timeZone: `"${trimmed.slice(0, 64)}" is not a time zone or a city confab knows: choose one from the list, like Europe/Paris or Africa/Lagos.`,
    });
  }
  return timeZone;
}
