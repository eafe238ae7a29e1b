import type { Kysely } from "kysely";
import { newId } from "../db/new-id.ts";
import type { Schema } from "../db/schema.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import type { Vault } from "../vault/vault.ts";
import type { MailSettings } from "./mail-settings.ts";
import type { OutgoingMail, RenderedMail } from "./outgoing-mail.ts";

export const outboxContentPurpose = "outbox_messages.content";

/** Attempts before a temporary failure (server down, 4xx) is recorded as permanent. */
export const mailMaxAttempts = 20;

/**
 * Where every mail starts. `queue` writes the message and its job through the caller's
 * connection, so inside a transaction the mail exists if and only if the change does.
 */
export interface Outbox {
  /** False when this instance sends no mail (CONFAB_MAIL=off, or SMTP_URL unset outside production). */
  readonly on: boolean;
  /** True when an operator turned mail off on purpose (pages then say so). */
  readonly offOnPurpose: boolean;
  queue(db: Kysely<Schema>, mail: OutgoingMail): Promise<{ queued: boolean; id?: string }>;
}

export function createOutbox(settings: MailSettings, vault: Vault): Outbox {
  return {
    on: settings.mode === "smtp",
    offOnPurpose: settings.mode === "off" && settings.explicit,
    async queue(db, mail) {
      if (settings.mode !== "smtp") return { queued: false };
      const id = newId("mail");
      const content: RenderedMail & { toName?: string | undefined } = {
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        calendar: mail.calendar,
        toName: mail.to.name,
      };
      await db
        .insertInto("outbox_messages")
        .values({
          id,
          kind: mail.kind,
          recipient: mail.to.email,
          user_id: mail.userId ?? null,
          organization_id: mail.organizationId ?? null,
          content: vault.encrypt(JSON.stringify(content), outboxContentPurpose),
        })
        .execute();
      await enqueueJob(
        db,
        "mail:send",
        { mailId: id },
        { jobKey: `mail:${id}`, maxAttempts: mailMaxAttempts },
      );
      return { queued: true, id };
    },
  };
}

/** An outbox that sends nothing: for tests and tools that run with mail off. */
export const mailOff: Outbox = {
  on: false,
  offOnPurpose: true,
  queue: async () => ({ queued: false }),
};
