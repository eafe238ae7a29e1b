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
  status: Generated<"pending" | "sent" | "failed">;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  last_attempt_at: Date | null;
  sent_at: Date | null;
}

export type EmailTokenPurpose = "verify_email" | "reset_password" | "unblock_sign_in";

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
