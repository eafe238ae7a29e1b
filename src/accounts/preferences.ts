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
  const typed = input.timeZone.trim();
  const timeZone = typed === "" ? "" : (resolveTimeZone(typed) ?? typed);
  if (timeZone !== "" && (timeZone.length > 64 || !isTimeZone(timeZone))) {
    throw new DomainError("invalid_input", "Your preferences were not saved.", {
      timeZone: "Choose a time zone from the list, like Europe/Paris or Africa/Lagos.",
    });
  }
  await db
    .updateTable("users")
    .set({ time_zone: timeZone === "" ? null : timeZone, meeting_mail: input.meetingMail })
    .where("id", "=", userId)
    .execute();
}
