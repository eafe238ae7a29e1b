import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Every reply that hands out a token or a client secret, and every error reply of the endpoints
 * that do, tells browsers and proxies to keep no copy (RFC 6749 §5.1): `Cache-Control: no-store`
 * and, for HTTP/1.0 caches, `Pragma: no-cache`.
 */
const { app, db, config } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const made = await createApplication(
  db,
  openVault(config),
  await loadOrgAccessForCommandLine(db, "acme"),
  {
    name: "Scheduler",
    redirectUris: ["https://scheduler.example/connected"],
    actor: commandLineActor,
  },
);
const client = { client_id: made.application.clientId, client_secret: made.clientSecret };

function assertNotCached(
  label: string,
  reply: { statusCode?: number; status?: number; headers: Record<string, unknown> },
) {
  assert.equal(reply.headers["cache-control"], "no-store", `${label}: Cache-Control`);
  assert.equal(reply.headers.pragma, "no-cache", `${label}: Pragma`);
}

const post = (url: string, payload: unknown, contentType = "application/json") =>
  app.inject({
    method: "POST",
    url,
    headers: { "content-type": contentType },
    payload: typeof payload === "string" ? payload : JSON.stringify(payload),
  });

test("issuing tokens for an application calendar is not cached, nor are its refusals", async () => {
  const issued = await post("/v1/application_calendars", {
    ...client,
    application_calendar_id: "ada",
  });
  assert.equal(issued.statusCode, 200);
  assert.ok(issued.json().refresh_token);
  assertNotCached("issued", issued);

  const cases: [string, Awaited<ReturnType<typeof post>>][] = [
    [
      "wrong secret",
      await post("/v1/application_calendars", {
        ...client,
        client_secret: "wrong",
        application_calendar_id: "ada",
      }),
    ],
    ["missing field", await post("/v1/application_calendars", { client_id: client.client_id })],
    ["broken JSON", await post("/v1/application_calendars", "{not json")],
    ["form body", await post("/v1/application_calendars", "a=b", "text/plain")],
  ];
  for (const [label, reply] of cases) {
    assert.ok(reply.statusCode >= 400 && reply.statusCode < 500, `${label}: ${reply.statusCode}`);
    assertNotCached(label, reply);
  }
});

test("a refreshed access token is not cached, nor is any refusal of the token endpoint", async () => {
  const issued = (
    await post("/v1/application_calendars", { ...client, application_calendar_id: "grace" })
  ).json();
  const refreshed = await post("/oauth/token", {
    ...client,
    grant_type: "refresh_token",
    refresh_token: issued.refresh_token,
  });
  assert.equal(refreshed.statusCode, 200);
  assert.ok(refreshed.json().access_token);
  assertNotCached("refreshed", refreshed);

  const cases: [string, Awaited<ReturnType<typeof post>>][] = [
    ["unsupported grant", await post("/oauth/token", { ...client, grant_type: "password" })],
    [
      "wrong client",
      await post("/oauth/token", {
        ...client,
        client_secret: "wrong",
        grant_type: "refresh_token",
        refresh_token: issued.refresh_token,
      }),
    ],
    [
      "unknown refresh token",
      await post("/oauth/token", { ...client, grant_type: "refresh_token", refresh_token: "x" }),
    ],
    ["broken JSON", await post("/oauth/token", "{not json")],
    ["wrong type", await post("/oauth/token", { ...client, grant_type: ["refresh_token"] })],
  ];
  for (const [label, reply] of cases) {
    assert.ok(reply.statusCode >= 400 && reply.statusCode < 500, `${label}: ${reply.statusCode}`);
    assertNotCached(label, reply);
  }
});

test("revoking a token is not cached, nor are its refusals", async () => {
  const issued = (
    await post("/v1/application_calendars", { ...client, application_calendar_id: "linus" })
  ).json();
  const revoked = await post("/oauth/token/revoke", { ...client, token: issued.refresh_token });
  assert.equal(revoked.statusCode, 200);
  assertNotCached("revoked", revoked);
  const wrong = await post("/oauth/token/revoke", {
    ...client,
    client_secret: "wrong",
    token: "x",
  });
  assert.equal(wrong.statusCode, 401);
  assertNotCached("wrong client", wrong);
  const nothing = await post("/oauth/token/revoke", client);
  assert.equal(nothing.statusCode, 400);
  assertNotCached("no token", nothing);
});

test("the page that shows a new or rotated client secret is not cached", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get("/o/acme/manage/applications");
  const created = await admin.post("/o/acme/manage/applications", {
    name: "Booking page",
    redirect_uris: "https://booking.example/connected",
  });
  assert.equal(created.status, 303);
  const registered = await admin.get(created.location ?? "");
  assert.match(registered.body, /data-client-secret>cfbs_/);
  assertNotCached("registered", registered);

  await admin.get(`/o/acme/manage/applications/${made.application.id}/rotate-secret`);
  const rotated = await admin.post(
    `/o/acme/manage/applications/${made.application.id}/rotate-secret`,
  );
  assert.equal(rotated.status, 303);
  const shown = await admin.get(rotated.location ?? "");
  assert.match(shown.body, /data-client-secret>cfbs_/);
  assertNotCached("rotated", shown);
});
