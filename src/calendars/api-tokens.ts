import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { grantRules } from "../quotas/quota-settings.ts";

/** Access tokens live an hour; the refresh token lives until revoked. */
export const accessTokenSeconds = 3600;

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

const newToken = (prefix: string) => `${prefix}_${randomBytes(32).toString("base64url")}`;

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** How long a grant lives without its refresh token being used. */
const unusedLife = sql<Date>`now() + make_interval(days => ${grantRules.unusedDays})`;

/**
 * A new grant for one application calendar; only the hashes of its tokens are stored. A calendar
 * keeps at most `grantRules.livePerCalendar` grants: the oldest beyond them end after a grace
 * period, so that processes still holding them have time to pick up the new one.
 */
export async function issueTokens(
  db: Kysely<Schema>,
  grant: { applicationId: string; calendarId: string },
): Promise<IssuedTokens> {
  const accessToken = newToken("cfat");
  const refreshToken = newToken("cfrt");
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("api_grants")
      .values({
        id: `grt_${randomBytes(10).toString("hex")}`,
        application_id: grant.applicationId,
        calendar_id: grant.calendarId,
        access_token_hash: tokenHash(accessToken),
        refresh_token_hash: tokenHash(refreshToken),
        access_expires_at: new Date(Date.now() + accessTokenSeconds * 1000),
        expires_at: unusedLife,
      })
      .execute();
    await sql`
      update api_grants
      set replaced_at = now(),
          expires_at = least(expires_at, now() + make_interval(mins => ${grantRules.graceMinutes}))
      where id in (
        select id from api_grants
        where calendar_id = ${grant.calendarId} and replaced_at is null
        order by created_at desc, id desc
        offset ${grantRules.livePerCalendar}
      )
    `.execute(trx);
  });
  return { accessToken, refreshToken, expiresIn: accessTokenSeconds };
}

/**
 * A new access token for a refresh token of this application; the previous access token stops
 * working. The refresh token itself is kept (not rotated), as Cronofy does.
 */
export async function refreshTokens(
  db: Kysely<Schema>,
  applicationId: string,
  refreshToken: string,
): Promise<IssuedTokens & { calendarId: string }> {
  const accessToken = newToken("cfat");
  const row = await db
    .updateTable("api_grants")
    .set({
      access_token_hash: tokenHash(accessToken),
      access_expires_at: new Date(Date.now() + accessTokenSeconds * 1000),
      refreshed_at: sql`now()`,
      // Use keeps a grant alive; a replaced one only runs out its grace period.
      expires_at: sql`case when replaced_at is null then ${unusedLife} else expires_at end`,
    })
    .where("refresh_token_hash", "=", tokenHash(refreshToken))
    .where("application_id", "=", applicationId)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning("calendar_id")
    .executeTakeFirst();
  if (!row) throw new DomainError("invalid_input", "The refresh token is not valid.");
  return { accessToken, refreshToken, expiresIn: accessTokenSeconds, calendarId: row.calendar_id };
}

/** Ends the grant a token (access or refresh) belongs to; an unknown token is already ended. */
export async function revokeToken(
  db: Kysely<Schema>,
  applicationId: string,
  token: string,
): Promise<void> {
  const hash = tokenHash(token);
  await db
    .deleteFrom("api_grants")
    .where("application_id", "=", applicationId)
    .where((eb) => eb.or([eb("refresh_token_hash", "=", hash), eb("access_token_hash", "=", hash)]))
    .execute();
}

export interface CalendarCaller {
  applicationId: string;
  calendarId: string;
  sub: string;
}

/** Who a bearer token speaks for: an unknown, revoked or expired token is refused. */
export async function authenticateBearer(
  db: Kysely<Schema>,
  token: string | undefined,
): Promise<CalendarCaller> {
  if (!token) {
    throw new DomainError(
      "unauthenticated",
      "Send an access token: Authorization: Bearer <token>.",
    );
  }
  const row = await db
    .selectFrom("api_grants")
    .innerJoin("application_calendars", "application_calendars.id", "api_grants.calendar_id")
    .select([
      "api_grants.application_id",
      "api_grants.calendar_id",
      "api_grants.access_expires_at",
      "application_calendars.sub",
      sql<boolean>`api_grants.expires_at <= now()`.as("grant_ended"),
    ])
    .where("api_grants.access_token_hash", "=", tokenHash(token))
    .executeTakeFirst();
  if (!row) throw new DomainError("unauthenticated", "The access token is not valid.");
  if (row.grant_ended) {
    throw new DomainError(
      "unauthenticated",
      "This token's grant has ended: a newer one replaced it, or it went unused for 90 days. Request new tokens for the calendar.",
    );
  }
  if (row.access_expires_at.getTime() <= Date.now()) {
    throw new DomainError("unauthenticated", "The access token has expired; refresh it.");
  }
  return { applicationId: row.application_id, calendarId: row.calendar_id, sub: row.sub };
}
