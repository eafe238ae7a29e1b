import assert from "node:assert/strict";
import { test } from "node:test";
import { containsNul } from "../../src/http/refuse-nul-characters.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const tenant = await seedTenant(db, "Nul Works");

test("a NUL character anywhere in a request is found, however deep", () => {
  assert.equal(containsNul({ a: [{ b: "x\u0000y" }] }), true);
  assert.equal(containsNul({ "k\u0000": 1 }), true);
  assert.equal(containsNul({ a: ["plain", 1, null, { b: "ok" }] }), false);
});

test("a form with a NUL in a field is a 400 that says why, and nothing is written", async () => {
  const client = webClient(app);
  await client.signIn(tenant.users.orgAdmin.email, password);
  const before = await db.selectFrom("programs").select("id").execute();
  const reply = await client.post(`/o/${tenant.organization.slug}/manage/programs`, {
    name: "a\u0000b",
  });
  assert.equal(reply.status, 400);
  assert.match(reply.body, /NUL character/);
  assert.equal((await db.selectFrom("programs").select("id").execute()).length, before.length);
});

test("an API body with a NUL in a string is refused with a 4xx, not a 500", async () => {
  const reply = await app.inject({
    method: "POST",
    url: "/v1/application_calendars",
    headers: { "content-type": "application/json" },
    payload: '{"client_id":"x","client_secret":"y","application_calendar_id":"a\\u0000b"}',
  });
  assert.equal(reply.statusCode, 400);
  assert.match(reply.body, /NUL character/);
});

test("a NUL in the query string is refused too", async () => {
  const reply = await app.inject({ method: "GET", url: "/sign-in?next=%00" });
  assert.equal(reply.statusCode, 400);
});
