import type { Task } from "graphile-worker";
import { type Kysely, sql } from "kysely";
import type { Logger } from "pino";
import type { Schema } from "../db/schema.ts";
import type { TaskPayloads } from "../jobs/task-payloads.ts";
import type { Vault } from "../vault/vault.ts";
import { outboxContentPurpose } from "./outbox.ts";
import type { CalendarPart, RenderedMail } from "./outgoing-mail.ts";
import {
  isCertainSmtpFailure,
  isPermanentSmtpFailure,
  type MailTransport,
  smtpFailureReason,
} from "./smtp-transport.ts";

export interface SendMailDependencies {
  db: Kysely<Schema>;
  vault: Vault;
  /** Undefined while mail is off: messages then wait, and fail only when their attempts run out. */
  transport: MailTransport | undefined;
  /** The host part of every Message-ID. */
  messageIdDomain: string;
  logger: Logger;
}

/**
 * Sends one outbox message, at most once. Its Message-ID is fixed by its outbox id. Before the
 * SMTP transaction starts, the message is marked `sending` (committed); the server's 250 marks
 * it `sent`. A run that finds it still `sending` knows a worker died mid-transaction, when the
 * server may already have accepted it (RFC 1047): it is marked `unconfirmed`, not sent again, and
 * an operator may send it again from Operator → Mail. The same holds for a failure after the
 * message was handed over with no reply to say what became of it (a timeout, a reset); a reply
 * that refuses it (4xx, 5xx), or a failure before the message was handed over, is certain.
 */
export function sendQueuedMailTask(deps: SendMailDependencies): Task {
  return async (payload, helpers) => {
    const { mailId } = payload as TaskPayloads["mail:send"];
    const row = await deps.db
      .selectFrom("outbox_messages")
      .select(["id", "kind", "recipient", "content", "status"])
      .where("id", "=", mailId)
      .executeTakeFirst();
    if (!row || row.content === null) return;
    const log = deps.logger.child({ mail: row.id, kind: row.kind });
    if (row.status === "sending") {
      await markUnconfirmed(deps.db, row.id, "the worker stopped before the server answered");
      log.warn("mail not confirmed: a worker stopped while sending it");
      return;
    }
    if (row.status !== "pending") return;
    const content = JSON.parse(
      deps.vault.decrypt(row.content, outboxContentPurpose),
    ) as RenderedMail & {
      toName?: string;
    };
    let handedOver = false;
    try {
      if (!deps.transport) throw new Error("mail is off on this instance (SMTP_URL is not set)");
      await deps.db
        .updateTable("outbox_messages")
        .set({ status: "sending", last_attempt_at: sql`now()` })
        .where("id", "=", row.id)
        .execute();
      handedOver = true;
      await deps.transport.send({
        messageId: `<${row.id}@${deps.messageIdDomain}>`,
        to: content.toName ? { name: content.toName, address: row.recipient } : row.recipient,
        subject: content.subject,
        text: content.text,
        html: content.html,
        // RFC 3834: tells auto-responders not to answer.
        headers: { "Auto-Submitted": "auto-generated", "X-Confab-Mail-Kind": row.kind },
        ...(content.calendar ? calendarParts(content.calendar) : {}),
      });
    } catch (error) {
      const reason = smtpFailureReason(error);
      if (handedOver && !isCertainSmtpFailure(error)) {
        await markUnconfirmed(deps.db, row.id, reason);
        log.warn({ reason }, "mail not confirmed: no reply said what became of it");
        return;
      }
      const lastTry = helpers.job.attempts >= helpers.job.max_attempts;
      const permanent = isPermanentSmtpFailure(error) || lastTry;
      await deps.db
        .updateTable("outbox_messages")
        .set({
          attempts: sql`attempts + 1`,
          last_error: reason,
          last_attempt_at: sql`now()`,
          status: permanent ? "failed" : "pending",
        })
        .where("id", "=", row.id)
        .execute();
      if (permanent) {
        log.warn({ reason, attempts: helpers.job.attempts }, "mail could not be sent");
        return;
      }
      // Thrown so graphile-worker tries again later, with its growing backoff.
      throw new Error(`mail ${row.id} not sent yet: ${reason}`);
    }
    await deps.db
      .updateTable("outbox_messages")
      .set({
        status: "sent",
        sent_at: sql`now()`,
        last_attempt_at: sql`now()`,
        attempts: sql`attempts + 1`,
        last_error: null,
        content: null,
      })
      .where("id", "=", row.id)
      .execute();
    log.info("mail sent");
  };
}

/**
 * iMIP (RFC 6047): nodemailer sends the invitation as a text/calendar alternative with its
 * METHOD, which mail clients show as an invitation, and the same as an .ics attachment (under
 * the file name given) for those that do not.
 */
function calendarParts(calendar: CalendarPart) {
  return {
    icalEvent: { method: calendar.method, content: calendar.content, filename: calendar.filename },
  };
}

/** The server may have taken it: kept, with its content, for an operator's Send again. */
async function markUnconfirmed(db: Kysely<Schema>, id: string, reason: string): Promise<void> {
  await db
    .updateTable("outbox_messages")
    .set({ status: "unconfirmed", last_error: reason, attempts: sql`attempts + 1` })
    .where("id", "=", id)
    .execute();
}
