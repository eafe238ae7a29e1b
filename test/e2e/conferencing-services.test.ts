import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { createUser } from "../../src/accounts/create-user.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { password } from "../support/tenant.ts";
import { userApp } from "../support/zoom-world.ts";

const { zoom, confab, db } = await startConferencingWorld();
const browser = await launchBrowser();
const ada = await createUser(db, { email: "ada@example.com", password, name: "Ada" });

const page = await browser.newPage();
await page.goto(`${confab.url}/sign-in`);
await page.getByLabel("Email").fill(ada.email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

/** What a person does on Zoom's consent screen. */
async function consent(on: Page, email: string, decision: "Allow" | "Decline" = "Allow") {
  await on
    .waitForURL((url) => url.href.startsWith(zoom.url))
    .catch(async (e) => {
      await screenshot(on, "debug-consent");
      console.log("AT", on.url());
      throw e;
    });
  await on.getByLabel(/email/i).fill(email);
  await on.getByRole("button", { name: decision }).click();
}

async function addZoom(email: string, decision: "Allow" | "Decline" = "Allow") {
  await page.goto(`${confab.url}/account/conferencing`);
  await page.getByRole("link", { name: "Add conferencing service" }).click();
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await consent(page, email, decision);
  await page.waitForURL((url) => url.pathname === "/account/conferencing");
}

const profiles = () =>
  db.selectFrom("provider_connections").selectAll().where("owner_ref", "=", ada.id).execute();

test("Your account → Conferencing services → Add conferencing service → Zoom connects the account and lists it as the default", async () => {
  await page.goto(`${confab.url}/`);
  await page.locator("summary", { hasText: "Ada" }).click();
  await page.getByRole("link", { name: "Your account" }).click();
  await page.getByRole("link", { name: "Conferencing services" }).click();
  assert.match((await page.textContent("main")) ?? "", /No conferencing services connected/);
  assert.match(
    (await page.textContent("[data-connection-purpose]")) ?? "",
    /used by the applications that\s+ask for it.*programs do not use it/s,
  );
  await page.getByRole("link", { name: "Add conferencing service" }).click();
  assert.match((await page.textContent("main")) ?? "", /paid plan/);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await consent(page, zoom.users.member);
  await page.waitForURL((url) => url.pathname === "/account/conferencing");
  const main = (await page.textContent("main")) ?? "";
  assert.match(main, /The conferencing service is connected/);
  assert.match(main, new RegExp(zoom.users.member));
  assert.match(main, /Connected/);
  assert.match(main, /Default/);
  await screenshot(page, "conferencing-services-connected");
});

test("a second profile can be made the default", async () => {
  await addZoom(zoom.users.owner);
  const card = page.locator("li.card", { hasText: zoom.users.owner });
  await card.getByRole("button", { name: "Make default" }).click();
  assert.match(
    (await page.getByRole("status").textContent()) ?? "",
    /default conferencing service is changed/,
  );
  assert.match(
    (await page.locator("li.card", { hasText: zoom.users.owner }).textContent()) ?? "",
    /Default/,
  );
  assert.doesNotMatch(
    (await page.locator("li.card", { hasText: zoom.users.member }).textContent()) ?? "",
    /Default/,
  );
  await screenshot(page, "conferencing-services-two-profiles");
});

test("a free Zoom account is refused with the reason, and nothing is stored", async () => {
  const before = (await profiles()).length;
  await addZoom(zoom.users.basic);
  assert.match((await page.getByRole("alert").textContent()) ?? "", /paid/i);
  assert.equal((await profiles()).length, before);
  await screenshot(page, "conferencing-services-free-refused");
});

test("declining at Zoom comes back saying nothing was connected", async () => {
  await addZoom(zoom.users.other, "Decline");
  assert.match((await page.getByRole("alert").textContent()) ?? "", /declined/);
});

test("a profile disconnected on Zoom's side shows why, and Reconnect connects it again", async () => {
  await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: "zoom-webhook-secret-token",
  });
  await zoom.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.owner,
  });
  await page.goto(`${confab.url}/account/conferencing`);
  const card = page.locator("li.card", { hasText: zoom.users.owner });
  assert.match((await card.textContent()) ?? "", /Disconnected.*removed from Zoom's side/s);
  await screenshot(page, "conferencing-services-broken");
  await card.getByRole("button", { name: "Reconnect" }).click();
  await consent(page, zoom.users.owner);
  await page.waitForURL((url) => url.pathname === "/account/conferencing");
  assert.match(
    (await page.locator("li.card", { hasText: zoom.users.owner }).textContent()) ?? "",
    /Connected/,
  );
});

test("the cross removes a profile after a confirmation that says existing meetings stay", async () => {
  await zoom.control("DELETE", "/calls");
  await page.getByRole("link", { name: `Remove Zoom ${zoom.users.member}` }).click();
  const main = (await page.textContent("main")) ?? "";
  assert.match(main, /No existing meetings will be deleted/);
  await screenshot(page, "conferencing-services-remove-confirmation");
  await page.getByRole("button", { name: "Remove Zoom" }).click();
  assert.match((await page.getByRole("status").textContent()) ?? "", /is removed/);
  assert.equal(await page.locator("li.card", { hasText: zoom.users.member }).count(), 0);
  assert.equal(new URL(page.url()).pathname, "/account/conferencing", "back on the list");
  const reloaded = await page.reload();
  assert.equal(reloaded?.status(), 200, "reloading neither fails nor removes anything again");
  const revoked = await zoom.calls({ path: "/oauth/revoke", status: 200 });
  assert.equal(revoked.length, 1, "the grant is revoked at Zoom");
  const row = (await profiles()).find((p) => p.email === zoom.users.member);
  assert.equal(row?.status, "removed");
  assert.equal(row?.access_token, null);
});

test("another person's profile cannot be removed or made default", async () => {
  const [theirs] = await profiles();
  assert.ok(theirs);
  const other = await browser.newPage();
  const bob = await createUser(db, { email: "bob@example.com", password });
  await other.goto(`${confab.url}/sign-in`);
  await other.getByLabel("Email").fill(bob.email);
  await other.getByLabel("Password").fill(password);
  await other.getByRole("button", { name: "Sign in" }).click();
  await other.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  const reply = await other.goto(`${confab.url}/account/conferencing/${theirs.id}/remove`);
  assert.equal(reply?.status(), 404);
});
