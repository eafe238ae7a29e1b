import assert from "node:assert/strict";
import { test } from "node:test";
import { buildWebApp } from "../support/web-app.ts";

const { app } = await buildWebApp();

test("the OpenAPI 3.1 document describes every route of the application API, and nothing else", async () => {
  const reply = await app.inject({ method: "GET", url: "/openapi.json" });
  assert.equal(reply.statusCode, 200);
  const document = reply.json();
  assert.equal(document.openapi, "3.1.0");
  const paths = Object.keys(document.paths).sort();
  assert.deepEqual(paths, [
    "/oauth/token",
    "/oauth/token/revoke",
    "/v1/application_calendars",
    "/v1/calendars",
    "/v1/calendars/{calendar_id}/events",
    "/v1/channels",
    "/v1/channels/{channel_id}",
    "/v1/conferencing_service_authorizations",
    "/v1/events",
    "/v1/events/pages/{cursor}",
    "/v1/organization/programs",
    "/v1/organization/programs/{program_id}/meetings",
    "/v1/organization/programs/{program_id}/meetings/{meeting_id}",
    "/v1/profiles",
    "/v1/profiles/{profile_id}/revoke",
    "/v1/userinfo",
  ]);
  const upsert = document.paths["/v1/calendars/{calendar_id}/events"].post;
  assert.ok(upsert.responses["202"]);
  assert.ok(upsert.requestBody.content["application/json"].schema.properties.conferencing);
  assert.match(document.info.description, /Cronofy-HMAC-SHA256/);
});

test("the reference page is served at /docs", async () => {
  const reply = await app.inject({ method: "GET", url: "/docs/" });
  assert.equal(reply.statusCode, 200);
  assert.match(reply.body, /swagger/i);
});
