import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { startConferencingWorld } from "../support/conferencing-world.ts";

const { api, calendarFor, registerApplication, application, db } = await startConferencingWorld();
const ours = await calendarFor("ada");
const otherApplication = await registerApplication();
const theirs = await calendarFor("bob", otherApplication);

const future = () => new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
const event = (eventId: string) => ({
  event_id: eventId,
  summary: "Call",
  start: future(),
  end: new Date(Date.now() + 3 * 24 * 3600_000 + 1800_000).toISOString(),
});

test("an application calendar is made once per application_calendar_id: asking again gives new tokens for the same calendar", async () => {
  const again = await calendarFor("ada");
  assert.equal(again.sub, ours.sub);
  assert.equal(again.calendarId, ours.calendarId);
  assert.notEqual(again.token, ours.token);
});

test("a wrong client secret gets no calendar and no token", async () => {
  const reply = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: application.clientId,
      client_secret: "cfbs_wrong",
      application_calendar_id: "x",
    },
  });
  assert.equal(reply.status, 401);
  assert.equal(reply.body.access_token, undefined);
});

test("without a token, or with a made-up one, every API route answers 401 and says why", async () => {
  for (const token of [undefined, "cfat_made_up"]) {
    const reply = await api("GET", "/v1/events?include_managed=true", { token });
    assert.equal(reply.status, 401);
    assert.match(String(reply.body.message), /access token/);
    assert.match(reply.headers.get("www-authenticate") ?? "", /^Bearer/);
  }
});

test("another application's calendar is not found with our token, and its events stay its own", async () => {
  assert.equal(
    (
      await api("POST", `/v1/calendars/${theirs.calendarId}/events`, {
        token: theirs.token,
        body: event("theirs"),
      })
    ).status,
    202,
  );
  const write = await api("POST", `/v1/calendars/${theirs.calendarId}/events`, {
    token: ours.token,
    body: event("intruder"),
  });
  assert.equal(write.status, 404);
  const remove = await api("DELETE", `/v1/calendars/${theirs.calendarId}/events`, {
    token: ours.token,
    body: { event_id: "theirs" },
  });
  assert.equal(remove.status, 404);
  const read = await api("GET", "/v1/events?include_managed=true", { token: ours.token });
  assert.deepEqual(
    (read.body.events as { event_id: string }[]).map((e) => e.event_id),
    [],
  );
  const count = await db
    .selectFrom("events")
    .select("event_id")
    .where("deleted_at", "is", null)
    .execute();
  assert.deepEqual(
    count.map((r) => r.event_id),
    ["theirs"],
  );
});

test("an expired access token is refused; the refresh token gives a new one and the old one stops working", async () => {
  const calendar = await calendarFor("expiring");
  await sql`update api_grants set access_expires_at = now() - interval '1 second'
            where calendar_id = ${calendar.calendarId}`.execute(db);
  const expired = await api("GET", "/v1/events?include_managed=true", { token: calendar.token });
  assert.equal(expired.status, 401);
  assert.match(String(expired.body.message), /expired/);
  const refreshed = await api("POST", "/oauth/token", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      grant_type: "refresh_token",
      refresh_token: calendar.refreshToken,
    },
  });
  assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
  assert.equal(
    refreshed.body.refresh_token,
    calendar.refreshToken,
    "refresh tokens are not rotated",
  );
  const fresh = await api("GET", "/v1/events?include_managed=true", {
    token: String(refreshed.body.access_token),
  });
  assert.equal(fresh.status, 200);
});

test("another application cannot use our refresh token", async () => {
  const calendar = await calendarFor("guarded");
  const reply = await api("POST", "/oauth/token", {
    body: {
      client_id: otherApplication.clientId,
      client_secret: otherApplication.clientSecret,
      grant_type: "refresh_token",
      refresh_token: calendar.refreshToken,
    },
  });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "invalid_grant");
});

test("a revoked token stops working at once, with its refresh token", async () => {
  const calendar = await calendarFor("revoked");
  const revoke = await api("POST", "/oauth/token/revoke", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      token: calendar.refreshToken,
    },
  });
  assert.equal(revoke.status, 200);
  assert.equal((await api("GET", "/v1/events", { token: calendar.token })).status, 401);
  const refresh = await api("POST", "/oauth/token", {
    body: {
      client_id: application.clientId,
      client_secret: application.clientSecret,
      grant_type: "refresh_token",
      refresh_token: calendar.refreshToken,
    },
  });
  assert.equal(refresh.status, 400);
});

test("API tokens are stored only as hashes", async () => {
  const { rows } = await sql<{ dump: string }>`
    select string_agg(row_to_json(g)::text, '') as dump from api_grants g`.execute(db);
  assert.ok(!rows[0]?.dump.includes(ours.token));
  assert.ok(!rows[0]?.dump.includes(ours.refreshToken));
});

test("an event missing its required fields is refused with 422, listing each field", async () => {
  const reply = await api("POST", `/v1/calendars/${ours.calendarId}/events`, {
    token: ours.token,
    body: { event_id: "incomplete" },
  });
  assert.equal(reply.status, 422);
  const errors = reply.body.errors as Record<string, { description: string }[]>;
  assert.ok(errors.summary && errors.start && errors.end, JSON.stringify(errors));
});

test("bad times, an unknown time zone and an unknown profile are each named in the 422", async () => {
  const reply = await api("POST", `/v1/calendars/${ours.calendarId}/events`, {
    token: ours.token,
    body: { ...event("bad"), start: "tomorrow", tzid: "Mars/Olympus" },
  });
  assert.equal(reply.status, 422);
  assert.deepEqual(Object.keys(reply.body.errors as object).sort(), ["start", "tzid"]);
  const profile = await api("POST", `/v1/calendars/${ours.calendarId}/events`, {
    token: ours.token,
    body: { ...event("bad"), conferencing: { profile_id: "pro_not_ours" } },
  });
  assert.equal(profile.status, 422);
  assert.match(JSON.stringify(profile.body), /not one of this account's conferencing profiles/);
});

test("anything else under /v1 is a clear 404", async () => {
  const reply = await api("GET", "/v1/free_busy", { token: ours.token });
  assert.equal(reply.status, 404);
  assert.match(String(reply.body.message), /not part of confab's API/);
});

test("a revocation that names no token is a 400 invalid_request, as RFC 7009 has it", async () => {
  const reply = await api("POST", "/oauth/token/revoke", {
    body: { client_id: application.clientId, client_secret: application.clientSecret },
  });
  assert.equal(reply.status, 400);
  assert.equal(reply.body.error, "invalid_request");
});
