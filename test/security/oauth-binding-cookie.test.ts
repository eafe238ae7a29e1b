import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * The cookie that ties an OAuth round trip to one browser: host-only and Secure behind TLS (the
 * __Host- prefix, so no sibling subdomain or plain-http page can plant one), its plain name on
 * http. Declining at Zoom needs no Zoom, so the round trip is finished without one.
 */
const zoom = {
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_USER_CLIENT_ID: "cookie-user-app",
  ZOOM_USER_CLIENT_SECRET: "cookie-user-app-secret",
};
const password = "correct horse battery";

async function signedIn(env: Record<string, string>) {
  const { app, db } = await buildWebApp({ ...zoom, ...env });
  await createUser(db, { email: "ada@example.com", password });
  const browser = webClient(app);
  await browser.signIn("ada@example.com", password);
  await browser.get("/account/conferencing/add");
  return { app, browser };
}

/** Presses Connect Zoom: returns the reply and the state it carries to Zoom. */
async function startConnecting(browser: ReturnType<typeof webClient>) {
  const started = await browser.post("/account/conferencing/add/zoom");
  assert.equal(started.status, 303, started.body);
  const state = new URL(started.location ?? "").searchParams.get("state");
  assert.ok(state, "the browser is sent to Zoom with a state");
  return { started, declined: `/oauth/zoom/callback?error=access_denied&state=${state}` };
}

test("behind TLS the OAuth binding cookie is __Host-confab_oauth: Secure, path /, no Domain", async () => {
  const { browser } = await signedIn({ PUBLIC_URL: "https://confab.example.com" });
  const { started, declined } = await startConnecting(browser);
  const cookie = started.setCookies.find((c) => c.name === "__Host-confab_oauth");
  assert.ok(cookie, JSON.stringify(started.setCookies));
  assert.equal(cookie.secure, true);
  assert.equal(cookie.path, "/");
  assert.equal(cookie.domain, undefined);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, "Lax");
  assert.equal(started.setCookies.filter((c) => c.name === "confab_oauth").length, 0);

  const back = await browser.get(declined);
  assert.equal(back.status, 303, back.body);
  assert.equal(back.location, "/account/conferencing?connection_result=declined");
  const cleared = back.setCookies.find((c) => c.name === "__Host-confab_oauth");
  assert.equal(cleared?.value, "", "the spent round trip's cookie is cleared");
  assert.equal(cleared?.secure, true, "a __Host- cookie is only cleared by a Secure one");
});

test("behind TLS a binding under the plain cookie name is not honoured", async () => {
  const { app, browser } = await signedIn({ PUBLIC_URL: "https://confab.example.com" });
  const { started, declined } = await startConnecting(browser);
  const binding = started.setCookies.find((c) => c.name === "__Host-confab_oauth")?.value;
  assert.ok(binding);
  const planted = await app.inject({
    method: "GET",
    url: declined,
    headers: { cookie: `confab_oauth=${binding}` },
  });
  assert.equal(planted.statusCode, 403);
  assert.match(planted.body, /started in another browser/);
  const genuine = await app.inject({
    method: "GET",
    url: declined,
    headers: { cookie: `__Host-confab_oauth=${binding}` },
  });
  assert.equal(genuine.statusCode, 303, "the refusal spent nothing");
});

test("on plain http the OAuth binding cookie keeps the name confab_oauth and is not Secure", async () => {
  const { browser } = await signedIn({ PUBLIC_URL: "http://127.0.0.1:3000" });
  const { started, declined } = await startConnecting(browser);
  const cookie = started.setCookies.find((c) => c.name === "confab_oauth");
  assert.ok(cookie, JSON.stringify(started.setCookies));
  assert.notEqual(cookie.secure, true);
  assert.equal(cookie.path, "/");
  assert.equal(cookie.httpOnly, true);
  assert.equal(started.setCookies.filter((c) => c.name.startsWith("__Host-")).length, 0);
  const back = await browser.get(declined);
  assert.equal(back.status, 303, back.body);
  assert.equal(back.location, "/account/conferencing?connection_result=declined");
});
