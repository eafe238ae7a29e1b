import nodemailer, { type SendMailOptions } from "nodemailer";
import type { MailSettings } from "./mail-settings.ts";

export interface SmtpReply {
  messageId: string;
}

/** What the send task needs of a transport; nodemailer's SMTP transport in production. */
export interface MailTransport {
  send(message: SendMailOptions): Promise<SmtpReply>;
  verify(): Promise<void>;
  close(): void;
}

const smtpTimeoutMs = 15_000;

/**
 * An SMTP transport for `SMTP_URL`. nodemailer upgrades a plain smtp:// connection with
 * STARTTLS whenever the server offers it, and smtps:// is TLS from the first byte. One
 * connection per message, not a pool: nothing is left open between jobs, and a job that dies
 * takes only its own connection with it.
 */
export function createSmtpTransport(
  settings: Extract<MailSettings, { mode: "smtp" }>,
): MailTransport {
  const transport = nodemailer.createTransport(
    {
      url: settings.smtpUrl,
      connectionTimeout: smtpTimeoutMs,
      greetingTimeout: smtpTimeoutMs,
      socketTimeout: smtpTimeoutMs,
    },
    { from: settings.from },
  );
  return {
    async send(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId };
    },
    async verify() {
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}

/**
 * A failure the same message would meet again: RFC 5321 5yz replies. A refused login (535) is
 * the instance's configuration, not the message's, so it is retried until someone fixes it.
 */
export function isPermanentSmtpFailure(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown };
  return (
    typeof responseCode === "number" &&
    responseCode >= 500 &&
    responseCode < 600 &&
    code !== "EAUTH"
  );
}

/**
 * Opens a session with the server and ends it before MAIL FROM: nothing is sent. The reason it
 * did not accept one, or undefined when it did. Both `confab doctor` and a starting worker ask.
 */
export async function smtpSessionProblem(
  settings: Extract<MailSettings, { mode: "smtp" }>,
): Promise<string | undefined> {
  let transport: MailTransport | undefined;
  try {
    transport = createSmtpTransport(settings);
    await transport.verify();
    return undefined;
  } catch (error) {
    return smtpFailureReason(error);
  } finally {
    transport?.close();
  }
}

/** Commands of an SMTP session that come before the message itself is handed over. */
const beforeTheMessage = /^(CONN|EHLO|HELO|LHLO|STARTTLS|AUTH|MAIL FROM|RCPT TO|API)/;

/**
 * A failure that says for certain the message was not accepted: the server refused it with a
 * reply, or the session failed before the message was handed over. Anything else (a timeout or
 * a reset while the message was under way) leaves it unknown whether the server took it.
 */
export function isCertainSmtpFailure(error: unknown): boolean {
  const { responseCode, command } = error as { responseCode?: unknown; command?: unknown };
  if (typeof responseCode === "number" && responseCode >= 400) return true;
  return typeof command === "string" && beforeTheMessage.test(command);
}

/** A short reason for operators, without addresses or credentials. */
export function smtpFailureReason(error: unknown): string {
  const { responseCode, code, response } = error as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
  };
  const parts: string[] = [];
  if (typeof code === "string") parts.push(code);
  if (typeof responseCode === "number") parts.push(String(responseCode));
  if (typeof response === "string") parts.push(response.replace(/<[^>]*>/g, "<…>").slice(0, 200));
  else if (error instanceof Error)
    parts.push(error.message.replace(/\/\/[^@/\s]*@/g, "//…@").slice(0, 200));
  return parts.join(" ").slice(0, 500) || "unknown failure";
}
