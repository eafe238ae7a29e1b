/** Every kind of mail confab sends; one template file each under templates/. */
export const mailKinds = [
  "invitation",
  "verify_email",
  "password_reset",
  "sign_in_unblock",
  "meeting_invitation",
  "meeting_cancelled",
  "email_change_confirm",
  "email_changed",
  "integration_broken",
  "profile_broken",
  "meeting_failed",
] as const;
export type MailKind = (typeof mailKinds)[number];

/**
 * Security mails reach a person whatever they chose; the others respect "no meeting mails".
 */
export const securityMailKinds: ReadonlySet<MailKind> = new Set([
  "invitation",
  "verify_email",
  "password_reset",
  "sign_in_unblock",
  "email_change_confirm",
  "email_changed",
]);

/** An iCalendar part (RFC 6047: iMIP): sent both inline and as an .ics attachment. */
export interface CalendarPart {
  method: "REQUEST" | "CANCEL";
  content: string;
  filename: string;
}

/** A message as a template renders it: what the outbox keeps, encrypted, until it is sent. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  calendar?: CalendarPart | undefined;
}

export interface OutgoingMail extends RenderedMail {
  kind: MailKind;
  to: { email: string; name?: string | undefined };
  /** The account it goes to, when there is one: its mail list and preferences. */
  userId?: string | undefined;
  organizationId?: string | undefined;
}
