import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { sql } from "kysely";
import { tokenHash } from "../../src/calendars/api-tokens.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";

// The tests read and refresh as fast as the machine allows, faster than an application's rates.
const { api, calendarFor, application, db } = await startConferencingWorld({
  CONFAB_API_RATE: "1000/s,10000/min",
  CONFAB_API_CALENDAR_RATE: "1000/s,10000/min",
});

const refresh = (refreshToken: string) =>
  api("POST", "/oauth/token", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    },
  });
const works = async (accessToken: string) =>
  (await api("GET", "/v1/calendars", { token: accessToken })).status;

test("access and refresh tokens are 32 URL-safe characters, as Cronofy documents them", async () => {
  const calendar = await calendarFor("lengths");
  const refreshed = await refresh(calendar.refreshToken);
  for (const token of [calendar.token, calendar.refreshToken, refreshed.body.access_token]) {
    assert.match(String(token), /^[A-Za-z0-9_-]{32}$/);
  }
});

test("two workers refreshing on their own never cut each other off: every access token works until its own expiry", async () => {
  const calendar = await calendarFor("two-workers");
  const first = await refresh(calendar.refreshToken);
  const second = await refresh(calendar.refreshToken);
  assert.equal(first.status, 200);
  assert.equal(second.status, 200);
  const issued = [
    calendar.token,
    String(first.body.access_token),
    String(second.body.access_token),
  ];
  assert.equal(new Set(issued).size, 3);
  for (const token of issued) assert.equal(await works(token), 200);

  // The first access token reaches its hour: it alone stops, and says why.
  await db
    .updateTable("api_previous_access_tokens")
    .set({ expires_at: sql`now() - interval '1 second'` })
    .where("token_hash", "=", tokenHash(calendar.token))
    .execute();
  const expired = await api("GET", "/v1/calendars", { token: calendar.token });
  assert.equal(expired.status, 401);
  assert.match(String(expired.body.message), /expired/);
  assert.equal(await works(String(first.body.access_token)), 200);
  assert.equal(await works(String(second.body.access_token)), 200);
});

test("revoking the grant ends every access token of it at once, the replaced ones too", async () => {
  const calendar = await calendarFor("revoked-all");
  const refreshed = String((await refresh(calendar.refreshToken)).body.access_token);
  assert.equal(await works(calendar.token), 200);
  const revoke = await api("POST", "/oauth/token/revoke", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      token: calendar.refreshToken,
    },
  });
  assert.equal(revoke.status, 200);
  assert.equal(await works(calendar.token), 401);
  assert.equal(await works(refreshed), 401);
  assert.equal((await refresh(calendar.refreshToken)).status, 400);
});

test("an access token a refresh replaced still names its grant for revocation", async () => {
  const calendar = await calendarFor("revoked-by-old");
  const refreshed = String((await refresh(calendar.refreshToken)).body.access_token);
  const revoke = await api("POST", "/oauth/token/revoke", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      token: calendar.token,
    },
  });
  assert.equal(revoke.status, 200);
  assert.equal(await works(refreshed), 401);
  assert.equal((await refresh(calendar.refreshToken)).status, 400);
});

test("a grant keeps at most its ten newest access tokens working, however often it is refreshed", async () => {
  const calendar = await calendarFor("refresh-loop");
  const issued = [calendar.token];
  for (let n = 0; n < 11; n++) {
    issued.push(String((await refresh(calendar.refreshToken)).body.access_token));
  }
  const statuses = [];
  for (const token of issued) statuses.push(await works(token));
  assert.deepEqual(statuses, [401, 401, ...Array(10).fill(200)]);
  const kept = await db
    .selectFrom("api_previous_access_tokens")
    .innerJoin("api_grants", "api_grants.id", "api_previous_access_tokens.grant_id")
    .select("token_hash")
    .where("api_grants.calendar_id", "=", calendar.calendarId)
    .execute();
  assert.equal(kept.length, 9, "nine replaced ones beside the current one");
});

test("tokens issued in the earlier, longer format keep working: only their hashes were ever stored", async () => {
  const calendar = await calendarFor("old-format");
  const oldAccess = `cfat_${randomBytes(32).toString("base64url")}`;
  const oldRefresh = `cfrt_${randomBytes(32).toString("base64url")}`;
  await db
    .insertInto("api_grants")
    .values({
      id: `grt_${randomBytes(10).toString("hex")}`,
      application_id: application.id,
      calendar_id: calendar.calendarId,
      access_token_hash: tokenHash(oldAccess),
      refresh_token_hash: tokenHash(oldRefresh),
      access_expires_at: sql<Date>`now() + interval '1 hour'`,
      expires_at: sql<Date>`now() + interval '90 days'`,
    })
    .execute();
  assert.equal(await works(oldAccess), 200);
  const refreshed = await refresh(oldRefresh);
  assert.equal(refreshed.status, 200);
  assert.equal(refreshed.body.refresh_token, oldRefresh, "refresh tokens are not rotated");
  assert.match(String(refreshed.body.access_token), /^[A-Za-z0-9_-]{32}$/);
  assert.equal(await works(oldAccess), 200, "until its own expiry");
});

test("replaced access tokens are stored only as hashes", async () => {
  const calendar = await calendarFor("hashed");
  await refresh(calendar.refreshToken);
  const { rows } = await sql<{ dump: string | null }>`
    select string_agg(row_to_json(t)::text, '') as dump from api_previous_access_tokens t`.execute(
    db,
  );
  assert.ok(rows[0]?.dump?.includes(tokenHash(calendar.token)));
  assert.ok(!rows[0]?.dump?.includes(calendar.token));
});
