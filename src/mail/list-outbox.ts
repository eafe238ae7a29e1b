import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";

export interface OutboxSummary {
  sentLastDay: number;
  waiting: number;
  failedLastWeek: number;
  /** Newest first: what waits or failed, with its reason. Addresses are shown to operators only. */
  unsent: {
    id: string;
    kind: string;
    recipient: string;
    status: "pending" | "sending" | "unconfirmed" | "failed";
    attempts: number;
    lastError: string | null;
    createdAt: Date;
  }[];
}

/** The operator's view of the mail channel: what went, what waits, what failed and why. */
export async function summarizeOutbox(db: Kysely<Schema>): Promise<OutboxSummary> {
  const counts = await db
    .selectFrom("outbox_messages")
    .select([
      sql<number>`count(*) filter (where status = 'sent' and sent_at > now() - interval '1 day')::int`.as(
        "sent",
      ),
      sql<number>`count(*) filter (where status in ('pending', 'sending'))::int`.as("waiting"),
      sql<number>`count(*) filter (where status in ('failed', 'unconfirmed') and created_at > now() - interval '7 days')::int`.as(
        "failed",
      ),
    ])
    .executeTakeFirstOrThrow();
  const unsent = await db
    .selectFrom("outbox_messages")
    .select(["id", "kind", "recipient", "status", "attempts", "last_error", "created_at"])
    .where("status", "<>", "sent")
    .orderBy("created_at", "desc")
    .limit(50)
    .execute();
  return {
    sentLastDay: counts.sent,
    waiting: counts.waiting,
    failedLastWeek: counts.failed,
    unsent: unsent.map((m) => ({
      id: m.id,
      kind: m.kind,
      recipient: m.recipient,
      status: m.status === "sent" ? "pending" : m.status,
      attempts: m.attempts,
      lastError: m.last_error,
      createdAt: m.created_at,
    })),
  };
}
