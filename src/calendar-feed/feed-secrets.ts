import type { Kysely } from "kysely";
import { hashLinkToken, newLinkToken } from "../accounts/link-token.ts";
import type { Schema } from "../db/schema.ts";
import type { Vault } from "../vault/vault.ts";

export const feedTokenPurpose = "calendar_feeds.token";

/**
 * A person's calendar feed is a secret address: whoever has it reads their meetings, without
 * signing in, as calendar apps must. It is looked up by its hash, like a mailed link; unlike
 * one it is also kept encrypted, since its owner reads it again each time they subscribe
 * another calendar. Rotating replaces it, and the old address stops working at once.
 */
export async function makeCalendarFeed(
  db: Kysely<Schema>,
  vault: Vault,
  input: { userId: string; rotate: boolean },
): Promise<string> {
  const { token, hash } = newLinkToken();
  const values = {
    user_id: input.userId,
    token_hash: hash,
    token: vault.encrypt(token, feedTokenPurpose),
  };
  const row = await db
    .insertInto("calendar_feeds")
    .values(values)
    .onConflict((c) =>
      input.rotate
        ? c.column("user_id").doUpdateSet({ token_hash: hash, token: values.token })
        : c.column("user_id").doNothing(),
    )
    .returning("token")
    .executeTakeFirst();
  if (row) return vault.decrypt(row.token, feedTokenPurpose);
  // Made already (say, the button pressed twice): that one stays.
  return (await readCalendarFeed(db, vault, input.userId)) ?? token;
}

/** The person's feed secret, or undefined while they have none. */
export async function readCalendarFeed(
  db: Kysely<Schema>,
  vault: Vault,
  userId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom("calendar_feeds")
    .select("token")
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return row ? vault.decrypt(row.token, feedTokenPurpose) : undefined;
}

/** Whose feed a secret opens, if any. */
export async function feedOwner(db: Kysely<Schema>, token: string): Promise<string | undefined> {
  if (token === "" || token.length > 200) return undefined;
  const row = await db
    .selectFrom("calendar_feeds")
    .select("user_id")
    .where("token_hash", "=", hashLinkToken(token))
    .executeTakeFirst();
  return row?.user_id;
}

/** The feed's address, and the same under webcal://, which opens a calendar app to subscribe. */
export function feedUrls(publicUrl: string, token: string): { url: string; webcal: string } {
  const url = `${publicUrl}/calendar/feed/${token}.ics`;
  return { url, webcal: url.replace(/^https?:/, "webcal:") };
}
