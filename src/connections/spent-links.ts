import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { Schema } from "../db/schema.ts";

/** A link that works once: the random id sealed in it, and when it stops working anyway. */
export interface SingleUseLink {
  id: string;
  expiresAt: Date;
}

/** What is stored of a link's one-time id: a hash, so the table holds nothing that opens one. */
export function linkIdHash(linkId: string): string {
  return createHash("sha256").update(linkId).digest("base64url");
}

export async function isLinkSpent(db: Kysely<Schema>, linkId: string): Promise<boolean> {
  const row = await db
    .selectFrom("spent_links")
    .select("link_hash")
    .where("link_hash", "=", linkIdHash(linkId))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Spends a link, once: false when it already was. Run it in the transaction of the change the
 * link allowed, so that the two stand or fall together; of two racing, the second waits for the
 * first and then finds the link spent.
 */
export async function spendLink(
  db: Kysely<Schema>,
  hash: string,
  expiresAt: Date,
): Promise<boolean> {
  const spent = await db
    .insertInto("spent_links")
    .values({ link_hash: hash, expires_at: expiresAt })
    .onConflict((conflict) => conflict.column("link_hash").doNothing())
    .returning("link_hash")
    .executeTakeFirst();
  return spent !== undefined;
}
