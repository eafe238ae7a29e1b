import assert from "node:assert/strict";
import { test } from "node:test";
import { startConferencingWorld } from "../support/conferencing-world.ts";

const { api, calendarFor } = await startConferencingWorld();
const { calendarId } = await calendarFor("someone");

test("a request without credentials is a 401 before anything about its body is said", async () => {
  for (const token of [undefined, "cfat_not-a-token"]) {
    const reply = await api("POST", `/v1/calendars/${calendarId}/events`, { token, body: {} });
    assert.equal(reply.status, 401, JSON.stringify(reply.body));
    assert.equal(reply.headers.get("www-authenticate"), 'Bearer realm="confab"');
    assert.equal(JSON.stringify(reply.body).includes("event_id"), false, "no field errors leak");
  }
  const links = await api("POST", "/v1/conferencing_service_authorizations", { body: {} });
  assert.equal(links.status, 401);
});

test("an unknown API path still says what exists, with or without credentials", async () => {
  const reply = await api("GET", "/v1/free_busy");
  assert.equal(reply.status, 404);
  assert.match(String(reply.body.message), /see \/docs/);
});
