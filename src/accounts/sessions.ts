import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { type User, userOf } from "./create-user.ts";

/** How long a session lasts without use; each use (at most hourly) pushes the end out again. */
export const sessionLifetimeMs = 14 * 24 * 60 * 60 * 1000;
/**
 * How long a session lasts however much it is used, counted from its `created_at`: a stolen
 * cookie kept busy does not stay good for ever.
 */
export const sessionMaxAgeMs = 30 * 24 * 60 * 60 * 1000;
const touchEveryMs = 60 * 60 * 1000;

/** Sessions are looked up by this hash: the id itself only ever lives in the browser's cookie. */
export function hashSessionId(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex");
}

/** Starts a session for the user; returns the id that goes into the cookie. */
export async function startSession(db: Kysely<Schema>, userId: string): Promise<string> {
  const sessionId = randomBytes(32).toString("base64url");
  await db
    .insertInto("sessions")
    .values({
      id_hash: hashSessionId(sessionId),
      user_id: userId,
      expires_at: sql<Date>`now() + make_interval(secs => ${sessionLifetimeMs / 1000})`,
    })
    .execute();
  return sessionId;
}

/** The signed-in user for a session id, or undefined when it is unknown or expired. */
export async function findSessionUser(
  db: Kysely<Schema>,
  sessionId: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "users.id",
      "users.email",
      "users.name",
      "users.is_operator",
      "users.email_verified_at",
      "sessions.id_hash",
      sql<boolean>`sessions.last_seen_at < now() - make_interval(secs => ${touchEveryMs / 1000})`.as(
        "due_for_touch",
      ),
    ])
    .where("sessions.id_hash", "=", hashSessionId(sessionId))
    // Both ends are judged by the database's clock, which every web process shares.
    .where("sessions.expires_at", ">", sql<Date>`now()`)
    .where(
      "sessions.created_at",
      ">",
      sql<Date>`now() - make_interval(secs => ${sessionMaxAgeMs / 1000})`,
    )
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.due_for_touch) {
    await db
      .updateTable("sessions")
      .set({
        last_seen_at: sql`now()`,
        // Use pushes the idle end out, never past the session's last day.
        expires_at: sql<Date>`least(
          now() + make_interval(secs => ${sessionLifetimeMs / 1000}),
          created_at + make_interval(secs => ${sessionMaxAgeMs / 1000})
        )`,
      })
      .where("id_hash", "=", row.id_hash)
      .execute();
  }
  return userOf(row);
}

export async function endSession(db: Kysely<Schema>, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id_hash", "=", hashSessionId(sessionId)).execute();
}

/** Signs the user out everywhere except, when given, the session in hand. */
export async function endOtherSessions(
  db: Kysely<Schema>,
  userId: string,
  keepSessionId?: string,
): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId !== undefined) {
    query = query.where("id_hash", "<>", hashSessionId(keepSessionId));
  }
  await query.execute();
}
