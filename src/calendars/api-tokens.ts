import { createHash, randomBytes } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Schema } from "../db/schema.ts";
import { DomainError } from "../domain-error.ts";
import { suspensionRefusal } from "../orgs/organization-suspension.ts";
import { grantRules } from "../quotas/quota-settings.ts";

/** Access tokens live an hour; the refresh token lives until revoked. */
export const accessTokenSeconds = 3600;

/** What a grant's tokens may do, as token replies and userinfo state it. */
export const grantScope = "read_account read_events create_event delete_event";

/**
 * At most this many access tokens of one grant work at once: enough for every process of an
 * application to refresh on its own, while a refresh loop cannot pile them up.
 */
const liveAccessTokensPerGrant = 10;

export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** 32 URL-safe characters (192 random bits), the length Cronofy documents for its tokens. */
const newToken = () => randomBytes(24).toString("base64url");

const accessExpiry = sql<Date>`now() + make_interval(secs => ${accessTokenSeconds})`;

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
  const accessToken = newToken();
  const refreshToken = newToken();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("api_grants")
      .values({
        id: `grt_${randomBytes(10).toString("hex")}`,
        application_id: grant.applicationId,
        calendar_id: grant.calendarId,
        access_token_hash: tokenHash(accessToken),
        refresh_token_hash: tokenHash(refreshToken),
        access_expires_at: accessExpiry,
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
 * A new access token for a refresh token of this application. The access tokens it replaces keep
 * working until their own expiry, so processes that refresh on their own never cut each other
 * off. The refresh token itself is kept (not rotated), as Cronofy does.
 */
export async function refreshTokens(
  db: Kysely<Schema>,
  applicationId: string,
  refreshToken: string,
): Promise<IssuedTokens & { calendarId: string }> {
  const accessToken = newToken();
  const calendarId = await db.transaction().execute(async (trx) => {
    // Locked, so that of two refreshes at once the second keeps the first one's token as well.
    const grant = await trx
      .selectFrom("api_grants")
      .select(["id", "calendar_id", "access_token_hash", "access_expires_at"])
      .where("refresh_token_hash", "=", tokenHash(refreshToken))
      .where("application_id", "=", applicationId)
      .where("expires_at", ">", sql<Date>`now()`)
      .forUpdate()
      .executeTakeFirst();
    if (!grant) return undefined;
    await keepReplacedAccessToken(trx, grant);
    await trx
      .updateTable("api_grants")
      .set({
        access_token_hash: tokenHash(accessToken),
        access_expires_at: accessExpiry,
        refreshed_at: sql`now()`,
        // Use keeps a grant alive; a replaced one only runs out its grace period.
        expires_at: sql`case when replaced_at is null then ${unusedLife} else expires_at end`,
      })
      .where("id", "=", grant.id)
      .execute();
    return grant.calendar_id;
  });
  if (!calendarId) throw new DomainError("invalid_input", "The refresh token is not valid.");
  return { accessToken, refreshToken, expiresIn: accessTokenSeconds, calendarId };
}

/**
 * Keeps the access token a refresh replaces working until its own expiry, beside at most the
 * newest others of its grant; the ones that expired meanwhile go.
 */
async function keepReplacedAccessToken(
  trx: Kysely<Schema>,
  grant: { id: string; access_token_hash: string; access_expires_at: Date },
) {
  await trx
    .insertInto("api_previous_access_tokens")
    .values({
      token_hash: grant.access_token_hash,
      grant_id: grant.id,
      expires_at: grant.access_expires_at,
    })
    .onConflict((conflict) => conflict.column("token_hash").doNothing())
    .execute();
  await trx
    .deleteFrom("api_previous_access_tokens")
    .where("grant_id", "=", grant.id)
    .where((eb) =>
      eb.or([
        eb("expires_at", "<=", sql<Date>`now()`),
        eb(
          "token_hash",
          "not in",
          eb
            .selectFrom("api_previous_access_tokens")
            .select("token_hash")
            .where("grant_id", "=", grant.id)
            .orderBy("expires_at", "desc")
            .limit(liveAccessTokensPerGrant - 1),
        ),
      ]),
    )
    .execute();
}

/**
 * Ends the grant a token (a refresh token, or any of its access tokens) belongs to, with every
 * access token of it; an unknown token is already ended.
 */
export async function revokeToken(
  db: Kysely<Schema>,
  applicationId: string,
  token: string,
): Promise<void> {
  const hash = tokenHash(token);
  await db
    .deleteFrom("api_grants")
    .where("application_id", "=", applicationId)
    .where((eb) =>
      eb.or([
        eb("refresh_token_hash", "=", hash),
        eb("access_token_hash", "=", hash),
        eb(
          "id",
          "in",
          eb
            .selectFrom("api_previous_access_tokens")
            .select("grant_id")
            .where("token_hash", "=", hash),
        ),
      ]),
    )
    .execute();
}

/**
 * Ends every grant of the application's calendar with this `sub`, as Cronofy's revocation by
 * `sub` does. Another application's calendar is out of reach: it is as unknown as no calendar.
 */
export async function revokeCalendarBySub(
  db: Kysely<Schema>,
  applicationId: string,
  sub: string,
): Promise<void> {
  await db
    .deleteFrom("api_grants")
    .where("application_id", "=", applicationId)
    .where("calendar_id", "in", (eb) =>
      eb
        .selectFrom("application_calendars")
        .select("id")
        .where("sub", "=", sub)
        .where("application_id", "=", applicationId),
    )
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
  const hash = tokenHash(token);
  // The grant's current access token, or one a refresh replaced: each by its own index.
  const accessTokens = db
    .selectFrom("api_grants")
    .select(["id as grant_id", "access_expires_at as expires_at"])
    .where("access_token_hash", "=", hash)
    .unionAll(
      db
        .selectFrom("api_previous_access_tokens")
        .select(["grant_id", "expires_at"])
        .where("token_hash", "=", hash),
    );
  const row = await db
    .selectFrom(accessTokens.as("access"))
    .innerJoin("api_grants", "api_grants.id", "access.grant_id")
    .innerJoin("application_calendars", "application_calendars.id", "api_grants.calendar_id")
    .innerJoin("applications", "applications.id", "api_grants.application_id")
    .innerJoin("organizations", "organizations.id", "applications.organization_id")
    .select([
      "api_grants.application_id",
      "api_grants.calendar_id",
      "application_calendars.sub",
      "organizations.name as organization_name",
      "organizations.suspended_reason",
      sql<boolean>`api_grants.expires_at <= now()`.as("grant_ended"),
      sql<boolean>`access.expires_at <= now()`.as("access_expired"),
    ])
    .executeTakeFirst();
  if (!row) throw new DomainError("unauthenticated", "The access token is not valid.");
  if (row.grant_ended) {
    throw new DomainError(
      "unauthenticated",
      "This token's grant has ended: a newer one replaced it, or it went unused for 90 days. Request new tokens for the calendar.",
    );
  }
  if (row.access_expired) {
    throw new DomainError("unauthenticated", "The access token has expired; refresh it.");
  }
  if (row.suspended_reason !== null) {
    throw await suspensionRefusal(db, {
      name: row.organization_name,
      suspendedReason: row.suspended_reason,
    });
  }
  return { applicationId: row.application_id, calendarId: row.calendar_id, sub: row.sub };
}
