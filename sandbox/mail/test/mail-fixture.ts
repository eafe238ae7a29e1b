/**
 * What the mail sandbox's tests share: a sandbox closed when the file's tests are done, and a
 * nodemailer transport pointed at it, as confab's own sender would be.
 */
import { after } from "node:test";
import { createTransport } from "nodemailer";
import { type MailSandbox, type MailSandboxOptions, startMailSandbox } from "../index.ts";

export async function startTestSandbox(options: MailSandboxOptions = {}): Promise<MailSandbox> {
  const sandbox = await startMailSandbox({ port: 0, ...options });
  after(() => sandbox.close());
  return sandbox;
}

export function sender(url: string) {
  const transport = createTransport(url);
  after(() => transport.close());
  return transport;
}

export const CALENDAR = [
  "BEGIN:VCALENDAR",
  "VERSION:2.0",
  "PRODID:-//confab//sandbox test//EN",
  "METHOD:REQUEST",
  "BEGIN:VEVENT",
  "UID:event-1@confab.test",
  "DTSTAMP:20300101T090000Z",
  "DTSTART:20300101T100000Z",
  "DTEND:20300101T110000Z",
  "SUMMARY:Planning – café",
  "ORGANIZER:mailto:host@confab.test",
  "ATTENDEE:mailto:ann@guests.test",
  "END:VEVENT",
  "END:VCALENDAR",
  "",
].join("\r\n");
