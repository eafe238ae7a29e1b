import { messageIdDomain } from "../mail/mail-settings.ts";

/**
 * The UID of a program meeting in every calendar: the mailed invitations, the download and the
 * feed all use it, so a calendar that holds the meeting from one of them updates it rather than
 * adding another.
 */
export function meetingUid(eventId: string, publicUrl: string): string {
  return `${eventId}@${messageIdDomain(publicUrl)}`;
}

/** The ORGANIZER a calendar shows: the meeting's host, or confab itself when it has none. */
export function calendarOrganizer(
  host: { name: string; email: string } | undefined,
  publicUrl: string,
): { name: string; email: string } {
  const organizer = host ?? { name: "confab", email: `no-reply@${messageIdDomain(publicUrl)}` };
  return { name: organizer.name || organizer.email, email: organizer.email };
}
