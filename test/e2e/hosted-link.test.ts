import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import type { App } from "../../src/http/build-app.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { webClient } from "../support/web-client.ts";
import { consentAtZoom } from "../support/zoom-world.ts";

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

test("a link links one profile: opened again after that, it says it has been used", async () => {
  const page = await browser.newPage();
  const url = await linkFor(await calendarFor("bea"));
  await page.goto(url);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.other, "Allow"));
  assert.match(landed.searchParams.get("last_linked_profile_id") ?? "", /^pro_/);
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

test("a free Zoom account is refused on the way, with the reason, a way back to the application, and another try from the same link that then links a paid account", async () => {
  const gil = await calendarFor("gil");
  const page = await browser.newPage();
  await page.goto(await linkFor(gil, { provider_name: "zoom" }));
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await consent(page, zoom.users.basic, "Allow");
  await page.waitForURL((u) => u.pathname.startsWith("/conferencing/link/finish/"));
  assert.match((await page.textContent("main")) ?? "", /paid/i);
  const back = await page
    .getByRole("link", { name: `Back to ${application.name}` })
    .getAttribute("href");
  assert.equal(back, `${redirectUri}?error=access_denied`);
  await screenshot(page, "hosted-link-free-refused");

  await page.getByRole("link", { name: "Try again" }).click();
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.admin, "Allow"));
  const profileId = landed.searchParams.get("last_linked_profile_id");
  assert.match(profileId ?? "", /^pro_/);
  const userinfo = await api("GET", "/v1/userinfo", { token: gil.token });
  const profiles = (userinfo.body["cronofy.data"] as { conferencing_profiles: unknown[] })
    .conferencing_profiles;
  assert.deepEqual(
    (profiles as { profile_id: string; profile_name: string }[]).map((p) => [
      p.profile_id,
      p.profile_name,
    ]),
    [[profileId, zoom.users.admin]],
    "only the paid account was linked",
  );
});

test("the application's query string is kept: the person lands on it with the new profile appended", async () => {
  const withState = `${redirectUri}?state=abc&return=%2Fsettings%3Ftab%3Dvideo`;
  const page = await browser.newPage();
  await page.goto(await linkFor(await calendarFor("hal"), { redirect_uri: withState }));
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.member, "Allow"));
  assert.equal(`${landed.origin}${landed.pathname}`, redirectUri);
  assert.ok(
    landed.search.startsWith(
      "?state=abc&return=%2Fsettings%3Ftab%3Dvideo&last_linked_profile_id=pro_",
    ),
    landed.search,
  );
});

test("declining keeps the application's query string too, with error=access_denied appended", async () => {
  const page = await browser.newPage();
  const url = await linkFor(await calendarFor("ida"), { redirect_uri: `${redirectUri}?state=xyz` });
  await page.goto(url);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  const landed = await landing(page, () => consent(page, zoom.users.other, "Decline"));
  assert.equal(landed.search, "?state=xyz&error=access_denied");
});

test("a redirect_uri that already carries confab's own parameters is refused with 422", async () => {
  for (const query of ["error=x", "last_linked_profile_id=pro_x"]) {
    const reply = await api("POST", "/v1/conferencing_service_authorizations", {
      token: ada.token,
      body: { redirect_uri: `${redirectUri}?${query}` },
    });
    assert.equal(reply.status, 422, query);
    assert.match(JSON.stringify(reply.body.errors), /leave it out of the query string/, query);
  }
});

test("opening a link, as a mail or chat preview does, spends nothing, and nor does pressing Connect: each press starts a consent", async () => {
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
  assert.equal((await opened()).opened_at, null, "no GET touched the link");

  const forged = await person.postRaw(action, {});
  assert.equal(forged.status, 403, "a POST without the form's CSRF token is refused");
  const started = await person.post(action);
  assert.equal(started.status, 303);
  assert.ok(started.location?.startsWith(zoom.url), "the POST starts Zoom's consent");
  assert.notEqual((await opened()).opened_at, null, "the press is noted");
  const again = await person.post(action);
  assert.equal(again.status, 303, "until a profile is linked, the link can start another consent");
  assert.ok(again.location?.startsWith(zoom.url));
  assert.equal((await person.get(`${url.pathname}${url.search}`)).status, 200);
});

test("of two consents started from one link, only the first to come back links a profile; the second is refused and saves nothing", async () => {
  const jo = await calendarFor("jo");
  const url = new URL(await linkFor(jo, { provider_name: "zoom" }));
  const start = async () => {
    const person = webClient(confab.app as App);
    await person.get(`${url.pathname}${url.search}`);
    const toZoom = await person.post(`/conferencing/link/zoom${url.search}`);
    assert.equal(toZoom.status, 303);
    return { person, toZoom: new URL(toZoom.location as string) };
  };
  const comeBack = async (from: Awaited<ReturnType<typeof start>>, email: string) => {
    const callback = await consentAtZoom(from.toZoom, email, "Allow");
    const finish = await from.person.get(`${callback.pathname}${callback.search}`);
    return from.person.get(finish.location as string);
  };
  const first = await start();
  const second = await start();
  const linked = await comeBack(first, zoom.users.member);
  assert.equal(linked.status, 303);
  assert.match(new URL(linked.location as string).search, /^\?last_linked_profile_id=pro_/);
  const refused = await comeBack(second, zoom.users.other);
  assert.equal(refused.status, 409);
  assert.match(refused.body, /already been used/);
  const userinfo = await api("GET", "/v1/userinfo", { token: jo.token });
  const profiles = (
    userinfo.body["cronofy.data"] as { conferencing_profiles: { profile_name: string }[] }
  ).conferencing_profiles;
  assert.deepEqual(
    profiles.map((p) => p.profile_name),
    [zoom.users.member],
  );
});

test("an unregistered redirect_uri, or one that differs from a registered one in its path, is refused when the link is asked for, and no link is made", async () => {
  const before = await db.selectFrom("conferencing_links").select("id").execute();
  for (const uri of ["https://evil.example/steal", `${redirectUri}/more?state=abc`]) {
    const reply = await api("POST", "/v1/conferencing_service_authorizations", {
      token: ada.token,
      body: { redirect_uri: uri },
    });
    assert.equal(reply.status, 422, uri);
    assert.match(JSON.stringify(reply.body.errors), /not registered/, uri);
  }
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
    token: "not-a-token-at-all-of-32-chars__",
    body: { redirect_uri: redirectUri },
  });
  assert.equal(reply.status, 401);
});
