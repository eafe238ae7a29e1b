import type { Kysely } from "kysely";
import type { AuditActor } from "../audit/record-audit-entry.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { mailMaxAttempts } from "./outbox.ts";

/**
 * An operator's "Send again" for a mail that failed or whose sending was not confirmed: it goes
 * out once more under the same Message-ID, so a receiver that did get the first copy can tell.
 */
export async function sendMailAgain(
  db: Kysely<Schema>,
  input: { mailId: string; actor: AuditActor },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("outbox_messages")
      .select(["id", "status", "content"])
      .where("id", "=", input.mailId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (row.status !== "failed" && row.status !== "unconfirmed") || row.content === null) {
      throw new DomainError(
        "conflict",
        "Only a mail that failed or was not confirmed can be sent again, and this one is not.",
      );
    }
    await trx
      .updateTable("outbox_messages")
      .set({ status: "pending", attempts: 0, last_error: `sent again by ${input.actor.label}` })
      .where("id", "=", row.id)
      .execute();
    await enqueueJob(
      trx,
      "mail:send",
      { mailId: row.id },
      { jobKey: `mail:${row.id}`, maxAttempts: mailMaxAttempts },
    );
  });
}
