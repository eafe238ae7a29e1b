import { type CalendarEvent, calendarText } from "./calendar-events.ts";

export interface CalendarInvitationInput extends Omit<CalendarEvent, "cancelled" | "rsvp"> {
  method: "REQUEST" | "CANCEL";
}

/**
 * The iCalendar text of an iTIP message (RFC 5546) about one meeting: a REQUEST asks every
 * attendee to answer, a CANCEL asks nothing of anyone and marks the meeting cancelled (3.2.5).
 * How the meeting itself is written is calendar-events.ts's, shared with downloads and feeds.
 */
export function calendarInvitation(input: CalendarInvitationInput): string {
  const { method, ...event } = input;
  return calendarText({
    method,
    events: [{ ...event, cancelled: method === "CANCEL", rsvp: method === "REQUEST" }],
  });
}

/** A safe attachment name for the invitation: ASCII, at most 60 characters, ".ics" included. */
export function icsFileName(summary: string): string {
  const slug = summary
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 60 - ".ics".length)
    .replace(/^-+|-+$/g, "");
  return `${slug || "invitation"}.ics`;
}
