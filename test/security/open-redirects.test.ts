import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { createOrganization } from "../../src/orgs/create-organization.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * confab never sends a browser to a site an attacker chose: not after sign-in (`next`), and not
 * at the end of a hosted conferencing link (`redirect_uri`, whose scheme, host, port and path
 * must be registered exactly).
 */
const site = "https://confab.example";
const { app, db, config } = await buildWebApp({
  PUBLIC_URL: site,
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_USER_CLIENT_ID: "redirect-user-app",
  ZOOM_USER_CLIENT_SECRET: "redirect-user-app-secret",
});
const password = "correct horse battery";
await createUser(db, { email: "ada@example.com", password });

/** Where a browser really goes for a Location header: its URL parser drops tabs and newlines. */
function destination(location: string | undefined) {
  return new URL(location ?? "", `${site}/sign-in`);
}

const attempts = [
  "https://evil.example/",
  "//evil.example/",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  " //evil.example",
  "/%09/evil.example",
  "https:evil.example",
  "javascript:alert(1)",
  "/\u3000/evil.example",
];

/**
 * Paths that only become a path to another site once dot segments, `%2e`, backslashes, tabs and
 * newlines are resolved as a browser resolves them: each must be judged on what it becomes.
 */
const normalizedAttempts = [
  "/.//evil.example/phish",
  "/..//evil.example/phish",
  "/%2e//evil.example/phish",
  "/%2E%2E//evil.example/phish",
  "/%2e/%2e//evil.example/phish",
  "/a/..//evil.example/phish",
  "/a/b/../..//evil.example/phish",
  "/x/../\\evil.example/phish",
  "/.\\/evil.example/phish",
  "/\\/evil.example/phish",
  "/./\\evil.example/phish",
  "/.\t//evil.example/phish",
  "/.\n//evil.example/phish",
  "/\t.//evil.example/phish",
  "/.//\r\nevil.example/phish",
  "/%2e/%2F/evil.example/phish",
  "/%2e%5c/evil.example/phish",
  "/a/%2e%2e//evil.example/phish",
];

test("after sign-in, a `next` that leads off the site, as written or once normalized, lands on the site instead", async () => {
  const browser = webClient(app);
  for (const next of [...attempts, ...normalizedAttempts]) {
    await browser.get("/sign-in");
    const reply = await browser.post("/sign-in", { email: "ada@example.com", password, next });
    assert.equal(reply.status, 303, JSON.stringify(next));
    assert.equal(
      destination(reply.location).origin,
      site,
      `${JSON.stringify(next)} → ${reply.location}`,
    );
    assert.doesNotMatch(reply.location ?? "", /^[/\\]{2}/, JSON.stringify(next));
  }
});

test("a signed-in visitor sent to the sign-in page with such a `next` is sent to a path on the site", async () => {
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  for (const next of [...attempts, ...normalizedAttempts]) {
    const reply = await browser.get(`/sign-in?next=${encodeURIComponent(next)}`);
    assert.equal(reply.status, 303, JSON.stringify(next));
    assert.equal(
      destination(reply.location).origin,
      site,
      `${JSON.stringify(next)} → ${reply.location}`,
    );
    assert.match(
      reply.location ?? "",
      /^\/(?![/\\])/,
      `${JSON.stringify(next)} → ${reply.location}`,
    );
  }
});

test("the sign-in form carries `next` as it was normalized, never the raw text", async () => {
  const page = await webClient(app).get(
    `/sign-in?next=${encodeURIComponent("/.//evil.example/phish")}`,
  );
  assert.match(page.body, /name="next" value="\/"/);
  const kept = await webClient(app).get(
    `/sign-in?next=${encodeURIComponent("/a/../account\tx?y=1#z")}`,
  );
  assert.match(kept.body, /name="next" value="\/accountx\?y=1#z"/);
});

test("a `next` on the site is kept, query included", async () => {
  const browser = webClient(app);
  await browser.get("/sign-in");
  const reply = await browser.post("/sign-in", {
    email: "ada@example.com",
    password,
    next: "/account/conferencing?x=1",
  });
  assert.equal(reply.location, "/account/conferencing?x=1");
});

test("a hosted link is made only for a redirect_uri whose scheme, host, port and path are registered exactly: look-alikes are refused", async () => {
  await createOrganization(db, { name: "Sched", slug: "sched", actor: commandLineActor });
  const registered = "https://scheduler.example/connected";
  const made = await createApplication(
    db,
    openVault(config),
    await loadOrgAccessForCommandLine(db, "sched"),
    {
      name: "Scheduler",
      redirectUris: [registered],
      actor: commandLineActor,
    },
  );
  const tokens = await app.inject({
    method: "POST",
    url: "/v1/application_calendars",
    payload: {
      client_id: made.application.clientId,
      client_secret: made.clientSecret,
      application_calendar_id: "ada",
    },
  });
  const token = tokens.json().access_token as string;
  const ask = (redirectUri: string) =>
    app.inject({
      method: "POST",
      url: "/v1/conferencing_service_authorizations",
      headers: { authorization: `Bearer ${token}` },
      payload: { redirect_uri: redirectUri },
    });
  for (const lookalike of [
    `${registered}/`,
    `${registered}#x`,
    `${registered}/../../evil`,
    "HTTPS://SCHEDULER.EXAMPLE/connected",
    "https://scheduler.example.evil.example/connected",
    "https://scheduler.example@evil.example/connected",
    `https://evil.example/?${registered}`,
    ` ${registered}`,
    "http://scheduler.example/connected",
  ]) {
    const reply = await ask(lookalike);
    assert.equal(reply.statusCode, 422, lookalike);
    assert.match(reply.body, /not registered/, lookalike);
  }
  assert.equal((await db.selectFrom("conferencing_links").select("id").execute()).length, 0);
  assert.equal((await ask(registered)).statusCode, 200, "the registered one works");
  // The query string is the application's own: it cannot move the person off the registered
  // scheme, host, port and path, whatever it says.
  assert.equal((await ask(`${registered}?next=https://evil.example/`)).statusCode, 200);
});
