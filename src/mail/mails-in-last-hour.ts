import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import type { MailKind } from "./outgoing-mail.ts";

/**
 * How many mails of one kind a person was sent in the last hour: the cap on links anyone can
 * make confab mail to an inbox (resets, confirmations, unblocks), counted where they are queued.
 */
export async function mailsInLastHour(
  db: Kysely<Schema>,
  input: { userId: string; kind: MailKind },
): Promise<number> {
  const row = await db
    .selectFrom("outbox_messages")
    .select(sql<number>`count(*)::int`.as("n"))
    .where("user_id", "=", input.userId)
    .where("kind", "=", input.kind)
    .where("created_at", ">", sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  return row.n;
}
