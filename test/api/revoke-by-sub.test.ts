import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import { startConferencingWorld } from "../support/conferencing-world.ts";

const { confab, api, calendarFor, application, registerApplication, db } =
  await startConferencingWorld();
const otherApplication = await registerApplication();

const credentials = (app = application) => ({
  client_id: app.clientId,
  client_secret: app.clientSecret,
});
const works = async (accessToken: string) =>
  (await api("GET", "/v1/calendars", { token: accessToken })).status;
const revoke = (body: Record<string, unknown>) =>
  fetch(new URL("/oauth/token/revoke", confab.url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const grantsOf = async (calendarId: string) =>
  (await db.selectFrom("api_grants").select("id").where("calendar_id", "=", calendarId).execute())
    .length;

test("revoking with a sub ends every grant of that application calendar, refreshed tokens too, and answers 200 with an empty body", async () => {
  const first = await calendarFor("by-sub");
  const second = await calendarFor("by-sub");
  const refreshed = await api("POST", "/oauth/token", {
    body: { ...credentials(), grant_type: "refresh_token", refresh_token: first.refreshToken },
  });
  assert.equal(refreshed.status, 200);
  const bystander = await calendarFor("by-sub-neighbour");
  assert.equal(await grantsOf(first.calendarId), 2);

  const reply = await revoke({ ...credentials(), sub: first.sub });
  assert.equal(reply.status, 200);
  assert.equal(await reply.text(), "");
  for (const token of [first.token, second.token, String(refreshed.body.access_token)]) {
    assert.equal(await works(token), 401);
  }
  for (const refreshToken of [first.refreshToken, second.refreshToken]) {
    const again = await api("POST", "/oauth/token", {
      body: { ...credentials(), grant_type: "refresh_token", refresh_token: refreshToken },
    });
    assert.equal(again.status, 400);
  }
  assert.equal(await grantsOf(first.calendarId), 0);
  assert.equal(
    await works(bystander.token),
    200,
    "another calendar of the application is untouched",
  );

  const renewed = await calendarFor("by-sub");
  assert.equal(
    renewed.sub,
    first.sub,
    "the calendar itself stays: asking again authorizes it anew",
  );
  assert.equal(await works(renewed.token), 200);
});

test("another application's sub is answered as an unknown one is, and its calendar keeps working", async () => {
  const theirs = await calendarFor("theirs", otherApplication);
  const foreign = await revoke({ ...credentials(), sub: theirs.sub });
  const unknown = await revoke({ ...credentials(), sub: "acc_0000000000000000000" });
  assert.equal(foreign.status, 200);
  assert.equal(unknown.status, 200);
  assert.equal(await foreign.text(), await unknown.text());
  assert.equal(await works(theirs.token), 200);
  assert.equal(await grantsOf(theirs.calendarId), 1);
});

test("a sub with wrong client credentials is refused with 401 and revokes nothing", async () => {
  const calendar = await calendarFor("guarded-sub");
  const reply = await revoke({
    client_id: application.clientId,
    client_secret: "x",
    sub: calendar.sub,
  });
  assert.equal(reply.status, 401);
  assert.equal(((await reply.json()) as { error: string }).error, "invalid_client");
  assert.equal(await works(calendar.token), 200);
});

test("a token takes priority over a sub sent with it, as Cronofy documents", async () => {
  const byToken = await calendarFor("priority-token");
  const bySub = await calendarFor("priority-sub");
  const reply = await revoke({ ...credentials(), token: byToken.refreshToken, sub: bySub.sub });
  assert.equal(reply.status, 200);
  assert.equal(await works(byToken.token), 401);
  assert.equal(await works(bySub.token), 200);
});

test("Cronofy's Node SDK revokes an application calendar by its sub", async () => {
  const calendar = await calendarFor("sdk-sub");
  const Cronofy = createRequire(import.meta.url)("cronofy") as new (
    config: Record<string, string>,
  ) => { urls: { api: string }; revokeAuthorization(o: { sub: string }): Promise<unknown> };
  const client = new Cronofy(credentials());
  client.urls.api = confab.url;
  await client.revokeAuthorization({ sub: calendar.sub });
  assert.equal(await works(calendar.token), 401);
});
