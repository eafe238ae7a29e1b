import type { Kysely } from "kysely";
import { emailProblem, normalizeEmail } from "../accounts/email-address.ts";
import type { Schema } from "../db/schema.ts";

/**
 * Someone outside the program on a meeting, known only by address: they are mailed the
 * invitation (and its updates and cancellation) with the join link, and never get an account,
 * a sign-in link or the meeting's page. They always join as participants.
 */
export interface Guest {
  email: string;
  name: string;
}

export const maximumGuests = 20;
const maximumNameLength = 100;

/**
 * The guests field as typed: one address a line (commas and semicolons separate too), each
 * either `ada@example.com` or `Ada Obi <ada@example.com>`. The same address twice is one guest.
 * Problems name the entry as typed, so the person can find it in the box.
 */
export function readGuestList(typed: string): { guests: Guest[]; problem: string | undefined } {
  const entries = typed
    .split(/[\n\r,;]+/)
    .map((e) => e.trim())
    .filter((e) => e !== "");
  const guests: Guest[] = [];
  for (const entry of entries) {
    const named = /^(.*)<([^<>]*)>$/.exec(entry);
    const address = (named ? named[2] : entry)?.trim() ?? "";
    const name = (named?.[1] ?? "")
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .replace(/\s+/g, " ");
    const problem = emailProblem(address);
    const email = normalizeEmail(address);
    if (problem || !email) {
      return { guests: [], problem: `Check “${entry}”: ${problem ?? "it is not an address."}` };
    }
    if (name.length > maximumNameLength) {
      return {
        guests: [],
        problem: `Keep each guest's name under ${maximumNameLength} characters (“${name.slice(0, 20)}…”).`,
      };
    }
    if (!guests.some((g) => g.email === email)) guests.push({ email, name });
    if (guests.length > maximumGuests) {
      return { guests: [], problem: `Invite at most ${maximumGuests} guests.` };
    }
  }
  return { guests, problem: undefined };
}

/**
 * Guests given one by one (as the organization API takes them) as the box would have them
 * typed: a name loses what would split or bracket it there.
 */
export function guestListOf(guests: { email: string; name?: string | undefined }[]): string {
  return guestListText(
    guests.map((g) => ({
      email: g.email.trim(),
      name: (g.name ?? "").replace(/[\n\r,;<>"]+/g, " ").trim(),
    })),
  );
}

/** The guests as the form's box shows them again, one a line. */
export function guestListText(guests: Guest[]): string {
  return guests.map((g) => (g.name ? `${g.name} <${g.email}>` : g.email)).join("\n");
}

/** Each meeting's guests, by meeting, in address order. */
export async function guestsOfMeetings(
  db: Kysely<Schema>,
  eventIds: string[],
): Promise<Map<string, Guest[]>> {
  const byMeeting = new Map<string, Guest[]>();
  if (eventIds.length === 0) return byMeeting;
  const rows = await db
    .selectFrom("meeting_guests")
    .select(["event_id", "email", "name"])
    .where("event_id", "in", eventIds)
    .orderBy("email")
    .execute();
  for (const row of rows) {
    const list = byMeeting.get(row.event_id) ?? [];
    list.push({ email: row.email, name: row.name });
    byMeeting.set(row.event_id, list);
  }
  return byMeeting;
}

/** Replaces a meeting's guests with these, in the caller's transaction. */
export async function replaceGuests(
  trx: Kysely<Schema>,
  eventId: string,
  guests: Guest[],
): Promise<void> {
  await trx.deleteFrom("meeting_guests").where("event_id", "=", eventId).execute();
  if (guests.length === 0) return;
  await trx
    .insertInto("meeting_guests")
    .values(guests.map((g) => ({ event_id: eventId, email: g.email, name: g.name })))
    .execute();
}
