import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import type { App } from "../../src/http/build-app.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { webClient } from "../support/web-client.ts";

const redirectUri = "http://127.0.0.1:9/connected";
const { zoom, confab, api, calendarFor, application, db } = await startConferencingWorld();
const browser = await launchBrowser();
const ada = await calendarFor("ada");

async function linkFor(calendar: { token: string }, body: Record<string, unknown> = {}) {
  const reply = await api("POST", "/v1/conferencing_service_authorizations", {
    token: calendar.token,
    body: { redirect_uri: redirectUri, ...body },
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  return (reply.body.authorization_request as { url: string }).url;
}

/** Follows the browser until it is sent to the application's redirect URI (nothing listens there). */
async function landing(page: Page, act: () => Promise<unknown>) {
  const landed = page.waitForRequest((request) => request.url().startsWith(redirectUri));
  await act();
  return new URL((await landed).url());
}

async function consent(page: Page, email: string, decision: "Allow" | "Decline") {
  await page.waitForURL((url) => url.href.startsWith(zoom.url));
  await page.getByLabel(/email/i).fill(email);
  await page.getByRole("button", { name: decision }).click();
}

test("the hosted link names the application, goes through Zoom's consent and lands on the redirect URI with the new profile", async () => {
  const page = await browser.newPage();
  await page.goto(await linkFor(ada));
  const main = (await page.textContent("main")) ?? "";
  assert.match(main, new RegExp(application.name));
  assert.match(main, /no credentials are shared/);
  await screenshot(page, "hosted-link-choose-provider");
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.member, "Allow"));
  const profileId = landed.searchParams.get("last_linked_profile_id");
  assert.match(profileId ?? "", /^pro_/);
  assert.deepEqual(
    [...landed.searchParams.keys()],
    ["last_linked_profile_id"],
    "nothing else reaches the application",
  );
  const userinfo = await api("GET", "/v1/userinfo", { token: ada.token });
  const profiles = (userinfo.body["cronofy.data"] as { conferencing_profiles: unknown[] })
    .conferencing_profiles;
  assert.deepEqual(profiles, [
    {
      provider_name: "zoom",
      profile_id: profileId,
      profile_name: zoom.users.member,
      profile_connected: true,
    },
  ]);
  assert.doesNotMatch(JSON.stringify(userinfo.body), /token/i);
});

test("a link is single use: opened again it says so", async () => {
  const page = await browser.newPage();
  const url = await linkFor(await calendarFor("bea"));
  await page.goto(url);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await page.waitForURL((u) => u.href.startsWith(zoom.url));
  const again = await browser.newPage();
  const reply = await again.goto(url);
  assert.equal(reply?.status(), 409);
  assert.match((await again.textContent("main")) ?? "", /already been used/);
  await screenshot(again, "hosted-link-reused");
});

test("with provider_name the link offers only that provider; declining lands with error=access_denied", async () => {
  const page = await browser.newPage();
  const url = await linkFor(await calendarFor("cy"), { provider_name: "zoom" });
  await page.goto(url);
  assert.equal(await page.getByRole("button", { name: /^Connect / }).count(), 1);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.other, "Decline"));
  assert.equal(landed.searchParams.get("error"), "access_denied");
  assert.equal(landed.searchParams.get("last_linked_profile_id"), null);
});

test("a free Zoom account is refused on the way, with the reason and a way back to the application", async () => {
  const page = await browser.newPage();
  await page.goto(await linkFor(await calendarFor("dee"), { provider_name: "zoom" }));
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await consent(page, zoom.users.basic, "Allow");
  await page.waitForURL((u) => u.pathname.startsWith("/conferencing/link/finish/"));
  assert.match((await page.textContent("main")) ?? "", /paid/i);
  const back = await page
    .getByRole("link", { name: `Back to ${application.name}` })
    .getAttribute("href");
  assert.equal(back, `${redirectUri}?error=access_denied`);
  await screenshot(page, "hosted-link-free-refused");
});

test("opening a link, as a mail or chat preview does, spends nothing; pressing Connect spends it, once", async () => {
  const fay = await calendarFor("fay");
  const url = new URL(await linkFor(fay, { provider_name: "zoom" }));
  const person = webClient(confab.app as App);
  let page = await person.get(`${url.pathname}${url.search}`);
  for (let preview = 0; preview < 3; preview += 1) {
    assert.equal((await fetch(url, { redirect: "manual" })).status, 200, "a preview fetch");
    page = await person.get(`${url.pathname}${url.search}`);
    assert.equal(page.status, 200);
  }
  const action = /<form method="post" action="([^"]+)"/
    .exec(page.body)?.[1]
    ?.replaceAll("&amp;", "&");
  assert.ok(action, "the page has a Connect button");
  const opened = () =>
    db
      .selectFrom("conferencing_links")
      .select("opened_at")
      .where("owner_ref", "=", fay.sub)
      .executeTakeFirstOrThrow();
  assert.equal((await opened()).opened_at, null, "no GET spent the link");

  const forged = await person.postRaw(action, {});
  assert.equal(forged.status, 403, "a POST without the form's CSRF token is refused");
  const started = await person.post(action);
  assert.equal(started.status, 303);
  assert.ok(started.location?.startsWith(zoom.url), "the POST starts Zoom's consent");
  assert.notEqual((await opened()).opened_at, null);
  const again = await person.post(action);
  assert.equal(again.status, 409);
  assert.match(again.body, /already been used/);
});

test("an unregistered redirect_uri is refused when the link is asked for, and no link is made", async () => {
  const before = await db.selectFrom("conferencing_links").select("id").execute();
  const reply = await api("POST", "/v1/conferencing_service_authorizations", {
    token: ada.token,
    body: { redirect_uri: "https://evil.example/steal" },
  });
  assert.equal(reply.status, 422);
  assert.match(JSON.stringify(reply.body.errors), /not registered/);
  assert.equal(
    (await db.selectFrom("conferencing_links").select("id").execute()).length,
    before.length,
  );
});

test("a link that was tampered with or has expired is refused", async () => {
  const url = await linkFor(await calendarFor("eve"));
  const tampered = `${url.slice(0, -3)}${url.endsWith("A") ? "B" : "A"}${url.slice(-2)}`;
  assert.equal((await fetch(tampered)).status, 404);
  await db
    .updateTable("conferencing_links")
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute();
  const expired = await fetch(url, { method: "GET" });
  assert.equal(expired.status, 404);
  assert.match(await expired.text(), /expired/);
});

test("without a valid token no link is made", async () => {
  const reply = await api("POST", "/v1/conferencing_service_authorizations", {
    token: "cfat_nope",
    body: { redirect_uri: redirectUri },
  });
  assert.equal(reply.status, 401);
});
