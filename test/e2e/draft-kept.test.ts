import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { startTestApp } from "../support/test-app.ts";

/**
 * A half-made meeting survives a session that ended under it: signed out in another tab, the
 * person sends the form, signs in again, and finds the form as they left it, kept by this
 * browser alone. Once the meeting is made, the draft is gone.
 */
const confab = await startTestApp({ web: true, worker: false });
const db = confab.database.db;
const { organization, users, programs } = await seedTenant(db, "Acme");
const browser = await launchBrowser();
const newMeeting = `${confab.url}/o/${organization.slug}/programs/${programs.p1.id}/meetings/new`;

async function signIn(page: Page) {
  await page.getByLabel("Email").fill(users.mentor.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** What the browser keeps, per form: the field names of each draft. */
const keptDrafts = (page: Page) =>
  page.evaluate(() =>
    Object.keys(sessionStorage)
      .filter((key) => key.startsWith("confab-draft:"))
      .map((key) => ({ key, draft: JSON.parse(sessionStorage.getItem(key) ?? "{}") })),
  );

test("a meeting draft sent after signing out in another tab comes back after signing in, and is gone once the meeting is made", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await signIn(page);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));

  await page.goto(newMeeting);
  const firstToken = await page.locator("form.meeting-form input[name=_csrf]").inputValue();
  await page.getByLabel("Title", { exact: true }).fill("Board prep");
  await page.getByLabel("Description (optional)").fill("Bring the numbers.");
  await page.getByLabel("Date", { exact: true }).fill("2031-05-06");
  await page.getByLabel("Start time", { exact: true }).fill("10:30");
  await page.getByLabel("Duration", { exact: true }).selectOption("60");
  await page.getByLabel("Time zone", { exact: true }).fill("Europe/Paris");
  await page.getByLabel(new RegExp(users.programAdmin.email)).check();
  const mode = page.locator("input[name=mode]:not([disabled])").first();
  const modeValue = await mode.getAttribute("value");
  await mode.check();

  // Another tab of the same browser signs out: the session ends for both.
  const other = await context.newPage();
  await other.goto(`${confab.url}/`);
  await other.locator("summary", { hasText: users.mentor.name }).click();
  await other.getByRole("button", { name: "Sign out" }).click();
  await other.waitForURL(`${confab.url}/`);
  await other.close();

  await page.getByRole("button", { name: "Continue" }).click();
  const signedOut = page.locator("[data-signed-out]");
  await signedOut.waitFor();
  assert.match(
    (await signedOut.textContent()) ?? "",
    /You were signed out; sign in to go back to your form — what you typed is kept in this browser/,
  );
  assert.doesNotMatch(
    (await page.content()) ?? "",
    /Board prep/,
    "the server's page holds none of it",
  );
  await screenshot(page, "draft-kept-signed-out");

  await signIn(page);
  await page.waitForURL(newMeeting);
  await page.locator("[data-draft-restored]").waitFor();
  assert.equal(await page.getByLabel("Title", { exact: true }).inputValue(), "Board prep");
  assert.equal(await page.getByLabel("Description (optional)").inputValue(), "Bring the numbers.");
  assert.equal(await page.getByLabel("Date", { exact: true }).inputValue(), "2031-05-06");
  assert.equal(await page.getByLabel("Start time", { exact: true }).inputValue(), "10:30");
  assert.equal(await page.getByLabel("Duration", { exact: true }).inputValue(), "60");
  assert.equal(await page.getByLabel("Time zone", { exact: true }).inputValue(), "Europe/Paris");
  assert.equal(await page.getByLabel(new RegExp(users.programAdmin.email)).isChecked(), true);
  assert.equal(await page.locator(`input[name=mode][value="${modeValue}"]`).isChecked(), true);
  const token = await page.locator("form.meeting-form input[name=_csrf]").inputValue();
  assert.notEqual(token, "", "the form has the fresh page's token");
  assert.notEqual(token, firstToken, "and not the one kept from before");
  for (const { draft } of await keptDrafts(page)) {
    for (const name of ["_csrf", "submission_key", "password", "next"]) {
      assert.equal(name in draft.values, false, `${name} is never kept`);
    }
  }
  await screenshot(page, "draft-kept-restored");

  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(
    (url) => /\/meetings\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/new"),
  );
  assert.match((await page.textContent("main")) ?? "", /Board prep/);
  assert.deepEqual(await keptDrafts(page), [], "the meeting is made: the draft is dropped");
  await page.goto(newMeeting);
  assert.equal(await page.getByLabel("Title", { exact: true }).inputValue(), "");
  assert.equal(await page.locator("[data-draft-restored]").count(), 0);
  await context.close();
});

test("a draft stays in its own browser: another browser signing in to the same form finds it empty", async () => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await signIn(page);
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.goto(newMeeting);
  await page.getByLabel("Title", { exact: true }).fill("Only here");

  const second = await browser.newContext();
  const elsewhere = await second.newPage();
  await elsewhere.goto(newMeeting);
  await signIn(elsewhere);
  await elsewhere.waitForURL(newMeeting);
  assert.equal(await elsewhere.getByLabel("Title", { exact: true }).inputValue(), "");
  await first.close();
  await second.close();
});
