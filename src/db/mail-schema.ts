import type { Generated } from "kysely";

/** The tables of the mail channel (migration 0008), apart from schema.ts to keep each file small. */
export interface OutboxMessagesTable {
  id: string;
  kind: string;
  recipient: string;
  user_id: string | null;
  organization_id: string | null;
  /** A vault ciphertext (purpose "outbox.content") of the rendered message; null once sent. */
  content: string | null;
  status: Generated<"pending" | "sending" | "sent" | "unconfirmed" | "failed">;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  last_attempt_at: Date | null;
  sent_at: Date | null;
}

export type EmailTokenPurpose =
  | "verify_email"
  | "reset_password"
  | "unblock_sign_in"
  /** Mailed to a new address; `email` is that new address (0010). */
  | "change_email";

export interface EmailTokensTable {
  token_hash: string;
  purpose: EmailTokenPurpose;
  user_id: string;
  email: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

export interface MeetingInvitationRecipientsTable {
  event_id: string;
  email: string;
  sequence_sent: number;
  cancelled_at: Date | null;
}

/** A person's calendar feed (0010): found by the hash, shown to its owner from the ciphertext. */
export interface CalendarFeedsTable {
  user_id: string;
  token_hash: string;
  /** A vault ciphertext (purpose "calendar_feeds.token") of the feed's secret. */
  token: string;
  created_at: Generated<Date>;
}
