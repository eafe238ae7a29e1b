import assert from "node:assert/strict";
import { test } from "node:test";
import { sql } from "kysely";
import { buildApp } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { pruneQuotaRecords } from "../../src/quotas/api-rate-limits.ts";
import { cleanup } from "../support/cleanup.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { clearRequestWindows, fillRequestWindows } from "../support/request-windows.ts";
import { password, seedOperator } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

const world = await startConferencingWorld({
  CONFAB_MAX_CALENDARS_PER_APPLICATION: "3",
  CONFAB_MAX_EVENTS_PER_CALENDAR: "2",
});
const { api, calendarFor, confab, db, registerApplication } = world;

const fillWindows = (applicationId: string, kind: "second" | "minute", count: number, from = 0) =>
  fillRequestWindows(db, applicationId, kind, count, from);
const clearWindows = () => clearRequestWindows(db);

function upsert(calendar: { calendarId: string; token: string }, eventId: string) {
  return api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: eventId,
      summary: eventId,
      start: "2031-03-01T10:00:00Z",
      end: "2031-03-01T10:30:00Z",
    },
  });
}

test("an application over 50 requests a second is answered 429 with Retry-After and a message naming the limit; another application is not", async () => {
  const calendar = await calendarFor("busy");
  const other = await registerApplication();
  const quiet = await calendarFor("quiet", other);
  await fillWindows(world.application.id, "second", 50);
  const refused = await api("GET", "/v1/calendars", { token: calendar.token });
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), "1");
  assert.match(
    String(refused.body.message),
    /more than 50 requests in a second.*Try again in 1 second/,
  );
  assert.equal((await api("GET", "/v1/calendars", { token: quiet.token })).status, 200);
  await clearWindows();
  assert.equal((await api("GET", "/v1/calendars", { token: calendar.token })).status, 200);
});

test("the per-minute limit of 500 answers with the seconds left in the minute, the token endpoints included", async () => {
  await fillWindows(world.application.id, "minute", 500);
  const refused = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: world.application.clientId,
      client_secret: world.application.clientSecret,
      application_calendar_id: "over-the-minute",
    },
  });
  assert.equal(refused.status, 429);
  const retryAfter = Number(refused.headers.get("retry-after"));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  assert.match(String(refused.body.message), /more than 500 requests in a minute/);
  const refresh = await fetch(new URL("/oauth/token", confab.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      client_id: world.application.clientId,
      client_secret: world.application.clientSecret,
      grant_type: "refresh_token",
      refresh_token: "cfrt_whatever",
    }),
  });
  assert.equal(refresh.status, 429);
  assert.ok(refresh.headers.get("retry-after"));
  await clearWindows();
});

test("requests are counted in PostgreSQL: a second web process sees what the first one counted", async () => {
  const calendar = await calendarFor("shared");
  const second = await buildApp({
    config: confab.config,
    database: confab.database,
    logger: createLogger("silent"),
  });
  cleanup(() => second.close());
  const viaSecond = () =>
    second.inject({
      method: "GET",
      url: "/v1/calendars",
      headers: { authorization: `Bearer ${calendar.token}` },
    });
  // One request is left in this minute, none in the next ones: whichever process takes it, the
  // other finds the minute full. Should the minute turn in between, the first finds it full too.
  for (let attempt = 0; ; attempt++) {
    await clearWindows();
    await fillWindows(world.application.id, "minute", 499, 0);
    await fillWindows(world.application.id, "minute", 500, 1);
    const first = await api("GET", "/v1/calendars", { token: calendar.token });
    if (first.status === 429 && attempt < 3) continue;
    assert.equal(first.status, 200);
    assert.equal((await viaSecond()).statusCode, 429);
    break;
  }
  await clearWindows();
});

test("an application may make 3 application calendars here; the fourth is refused with the cap, existing ones still get tokens", async () => {
  const app = await registerApplication();
  for (const id of ["c1", "c2", "c3"]) await calendarFor(id, app);
  const refused = await api("POST", "/v1/application_calendars", {
    body: {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      application_calendar_id: "c4",
    },
  });
  assert.equal(refused.status, 422);
  const errors = refused.body.errors as Record<string, { description: string }[]>;
  assert.match(
    errors.application_calendar_id?.[0]?.description ?? "",
    /3 application calendars.*CONFAB_MAX_CALENDARS_PER_APPLICATION/,
  );
  const calendars = await db
    .selectFrom("application_calendars")
    .select("application_calendar_id")
    .where("application_id", "=", app.id)
    .execute();
  assert.equal(calendars.length, 3, "nothing half-written");
  assert.ok((await calendarFor("c2", app)).token);
});

test("a calendar holds at most 2 events here: a third is refused, changing one is not, and a deleted one frees its place", async () => {
  const app = await registerApplication();
  const calendar = await calendarFor("capped", app);
  assert.equal((await upsert(calendar, "e1")).status, 202);
  assert.equal((await upsert(calendar, "e2")).status, 202);
  const third = await upsert(calendar, "e3");
  assert.equal(third.status, 422);
  const errors = third.body.errors as Record<string, { description: string }[]>;
  assert.match(errors.event_id?.[0]?.description ?? "", /holds 2 events/);
  assert.equal((await upsert(calendar, "e1")).status, 202, "an existing event may change");
  const deleted = await api("DELETE", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: { event_id: "e2" },
  });
  assert.equal(deleted.status, 202);
  assert.equal((await upsert(calendar, "e3")).status, 202);
});

test("a calendar keeps 5 live grants: a sixth ends the oldest after a grace period, and an ended grant's token says why", async () => {
  const app = await registerApplication();
  const grants = [];
  for (let n = 0; n < 6; n++) grants.push(await calendarFor("many-grants", app));
  const rows = await db
    .selectFrom("api_grants")
    .select(["id", "replaced_at", sql<number>`extract(epoch from expires_at - now())`.as("left")])
    .where("application_id", "=", app.id)
    .orderBy("created_at")
    .execute();
  assert.equal(rows.length, 6);
  assert.ok(rows[0]?.replaced_at, "the oldest is replaced");
  assert.ok(Number(rows[0]?.left) <= 600, "within ten minutes");
  assert.ok(rows.slice(1).every((r) => r.replaced_at === null));
  const oldest = grants[0] as (typeof grants)[number];
  assert.equal((await api("GET", "/v1/calendars", { token: oldest.token })).status, 200, "grace");

  await db
    .updateTable("api_grants")
    .set({ expires_at: sql`now() - interval '1 second'` })
    .where("id", "=", rows[0]?.id as string)
    .execute();
  const ended = await api("GET", "/v1/calendars", { token: oldest.token });
  assert.equal(ended.status, 401);
  assert.match(String(ended.body.message), /grant has ended/);
  assert.ok((await pruneQuotaRecords(db)).grants >= 1, "ended grants are pruned");
});

test("a refresh token unused for 90 days no longer refreshes, and using one keeps its grant alive", async () => {
  const app = await registerApplication();
  const calendar = await calendarFor("unused", app);
  const refresh = (refreshToken: string) =>
    fetch(new URL("/oauth/token", confab.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: app.clientId,
        client_secret: app.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      }),
    });
  await db
    .updateTable("api_grants")
    .set({ expires_at: sql`now() + interval '1 day'` })
    .where("application_id", "=", app.id)
    .execute();
  assert.equal((await refresh(calendar.refreshToken)).status, 200);
  const kept = await db
    .selectFrom("api_grants")
    .select(sql<number>`extract(day from expires_at - now())`.as("days"))
    .where("application_id", "=", app.id)
    .executeTakeFirstOrThrow();
  assert.ok(Number(kept.days) >= 89, "a refresh gives it another 90 days");

  await db
    .updateTable("api_grants")
    .set({ expires_at: sql`now() - interval '1 second'` })
    .where("application_id", "=", app.id)
    .execute();
  const refused = await refresh(calendar.refreshToken);
  assert.equal(refused.status, 400);
  assert.equal(((await refused.json()) as { error: string }).error, "invalid_grant");
});

test("the operator sees each application's requests, calendars, grants and events", async () => {
  const app = await registerApplication();
  const calendar = await calendarFor("seen-by-operator", app);
  for (let n = 0; n < 3; n++) await api("GET", "/v1/calendars", { token: calendar.token });
  await seedOperator(db, "operator@quotas.example");
  const operator = webClient(confab.app as NonNullable<typeof confab.app>);
  await operator.signIn("operator@quotas.example", password);
  const page = await operator.get("/operator/applications");
  assert.equal(page.status, 200);
  const row = new RegExp(
    `${app.name}<br><span class="muted small">[^<]+</span></th>\\s*<td>(\\d+) / (\\d+)</td>\\s*<td>1</td>\\s*<td>1</td>\\s*<td>0</td>`,
  );
  const match = row.exec(page.body);
  assert.ok(match, "a row for the application");
  assert.ok(Number(match[2]) >= 4, "the token request and three reads, at least");
  assert.match(page.body, /50 requests a second and\s+500 a minute/);
  const member = webClient(confab.app as NonNullable<typeof confab.app>);
  assert.notEqual((await member.get("/operator/applications")).status, 200);
});
