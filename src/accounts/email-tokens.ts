import { type Kysely, sql } from "kysely";
import type { EmailTokenPurpose } from "../db/mail-schema.ts";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { hashLinkToken, newLinkToken } from "./link-token.ts";

/** How long each kind of mailed link works. */
export const emailTokenLifetimeMinutes: Record<EmailTokenPurpose, number> = {
  verify_email: 3 * 24 * 60,
  reset_password: 30,
  unblock_sign_in: 24 * 60,
  change_email: 24 * 60,
};

const spentMessages: Record<EmailTokenPurpose, { used: string; expired: string; unknown: string }> =
  {
    verify_email: {
      used: "This confirmation link was used already: your address is confirmed, nothing more to do.",
      expired:
        "This confirmation link has expired. Sign in and ask for a new one under Your account.",
      unknown:
        "This confirmation link is not valid: a newer one replaced it, or it was mistyped. Use the newest mail, or ask for a new link under Your account.",
    },
    reset_password: {
      used: "This reset link was used already. If you still cannot sign in, ask for a new one.",
      expired: "This reset link has expired (they work for 30 minutes). Ask for a new one.",
      unknown:
        "This reset link is not valid: a newer one replaced it, or it was mistyped. Use the newest mail, or ask for a new one.",
    },
    unblock_sign_in: {
      used: "This link was used already: sign-in is unblocked.",
      expired: "This link has expired. Reset your password to get back in.",
      unknown: "This link is not valid. Reset your password to get back in.",
    },
    change_email: {
      used: "This link was used already: the account's address was changed with it.",
      expired:
        "This link has expired (they work for 24 hours). Sign in and ask for a new one under Your account.",
      unknown:
        "This link is not valid: a newer one replaced it, or it was mistyped. Use the newest mail, or ask for a new one under Your account.",
    },
  };

/**
 * A new single-use link for the user's address; an earlier unused one of the same purpose stops
 * working, so only the newest mail counts.
 */
export async function issueEmailToken(
  db: Kysely<Schema>,
  input: { purpose: EmailTokenPurpose; userId: string; email: string },
): Promise<string> {
  const { token, hash } = newLinkToken();
  await db
    .deleteFrom("email_tokens")
    .where("user_id", "=", input.userId)
    .where("purpose", "=", input.purpose)
    .where("used_at", "is", null)
    .execute();
  await db
    .insertInto("email_tokens")
    .values({
      token_hash: hash,
      purpose: input.purpose,
      user_id: input.userId,
      email: input.email,
      expires_at: sql<Date>`now() + make_interval(mins => ${emailTokenLifetimeMinutes[input.purpose]})`,
    })
    .execute();
  return token;
}

/** Whether a link still works, without spending it (the page that asks before acting). */
export async function checkEmailToken(
  db: Kysely<Schema>,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ userId: string; email: string }> {
  return usable(purpose, await findToken(db, purpose, token, false));
}

/**
 * Spends a link inside the caller's transaction: the row is locked, so of two uses at once only
 * one succeeds. Each refusal says what happened and what to do.
 */
export async function spendEmailToken(
  db: Kysely<Schema>,
  purpose: EmailTokenPurpose,
  token: string,
): Promise<{ userId: string; email: string }> {
  const found = usable(purpose, await findToken(db, purpose, token, true));
  await db
    .updateTable("email_tokens")
    .set({ used_at: sql`now()` })
    .where("token_hash", "=", hashLinkToken(token))
    .execute();
  return found;
}

function findToken(db: Kysely<Schema>, purpose: EmailTokenPurpose, token: string, lock: boolean) {
  const query = db
    .selectFrom("email_tokens")
    .select(["user_id", "email", "used_at", sql<boolean>`expires_at <= now()`.as("expired")])
    .where("token_hash", "=", hashLinkToken(token))
    .where("purpose", "=", purpose);
  return (lock ? query.forUpdate() : query).executeTakeFirst();
}

function usable(
  purpose: EmailTokenPurpose,
  row: { user_id: string; email: string; used_at: Date | null; expired: boolean } | undefined,
) {
  const messages = spentMessages[purpose];
  if (!row) throw new DomainError("not_found", messages.unknown);
  if (row.used_at !== null) throw new DomainError("not_found", messages.used);
  if (row.expired) throw new DomainError("not_found", messages.expired);
  return { userId: row.user_id, email: row.email };
}
