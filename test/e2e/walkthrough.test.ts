import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { startTestApp } from "../support/test-app.ts";

const confab = await startTestApp({ web: true, worker: false });
const db = confab.database.db;
const acme = await seedTenant(db, "Acme");
const operator = await seedOperator(db);
const browser = await launchBrowser();

async function signIn(email: string): Promise<Page> {
  // No JavaScript at all: every page must work as plain HTML forms and links.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  return page;
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 }).textContent();

test("the sign-in page shows a generic error next to the form after a wrong password", async () => {
  const page = await browser.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate("document.activeElement.textContent"), "Skip to content");
  await page.getByLabel("Email").fill(acme.users.member.email);
  await page.getByLabel("Password").fill("not it at all");
  await page.getByRole("button", { name: "Sign in" }).click();
  assert.match((await page.getByRole("alert").textContent()) ?? "", /do not match an account/);
  await screenshot(page, "sign-in-error");
});

test("the operator creates an organization and enables its integrations", async () => {
  const page = await signIn(operator.email);
  assert.equal(await h1(page), "Your organizations");
  await page.getByRole("link", { name: "Operator" }).click();
  await page.getByLabel("Name", { exact: true }).fill("Globex Mentoring");
  await page.getByLabel("First organization admin (email)").fill("boss@globex.example");
  await page.getByRole("button", { name: "Create organization" }).click();
  assert.match(
    (await page.getByRole("status").textContent()) ?? "",
    /boss@globex\.example has no verified account here yet: an\s+invitation to be its admin is on its way by mail/,
  );
  await page.getByRole("button", { name: "Enable integrations for Acme" }).click();
  const row = page.getByRole("row", { name: /Acme/ });
  assert.match((await row.textContent()) ?? "", /Enabled/);
  await screenshot(page, "operator-console");
});

test("an org admin walks Manage: members, programs, applications, integrations, audit log", async () => {
  const page = await signIn(acme.users.orgAdmin.email);
  assert.equal(await h1(page), "Acme");
  await screenshot(page, "org-admin-home");
  await page.getByRole("link", { name: "Manage" }).click();
  assert.equal(await h1(page), "Manage Acme");
  await screenshot(page, "org-admin-manage");

  const nav = page.getByRole("navigation", { name: "Manage" });
  await nav.getByRole("link", { name: "Members" }).click();
  await page.getByLabel("Email", { exact: true }).fill("new.mentor@acme.example");
  await page.getByRole("button", { name: "Invite" }).click();
  assert.match((await page.getByRole("status").textContent()) ?? "", /on its way by mail/);
  await screenshot(page, "org-admin-members");

  await nav.getByRole("link", { name: "Programs" }).click();
  await page.getByLabel("Name").fill("Leaders");
  await page.getByRole("button", { name: "Create program" }).click();
  assert.match(
    (await page.locator("#field-name-error").textContent()) ?? "",
    /already a program with this name/,
  );
  await screenshot(page, "org-admin-programs-error");

  await nav.getByRole("link", { name: "Applications" }).click();
  assert.match((await page.textContent("main")) ?? "", /No applications yet/);
  await page.getByLabel("Name").fill("Booking page");
  await page.getByLabel("Redirect URIs").fill("https://booking.example/connected");
  await page.getByRole("button", { name: "Register application" }).click();
  assert.match((await page.locator("[data-client-secret]").textContent()) ?? "", /^cfbs_/);
  await screenshot(page, "org-admin-application-created");
  await page.getByRole("link", { name: "Delete application" }).click();
  assert.equal(await h1(page), "Delete Booking page?");
  await screenshot(page, "org-admin-application-delete-confirm");
  await page.getByRole("link", { name: "Cancel" }).click();

  await nav.getByRole("link", { name: "Integrations" }).click();
  assert.equal(await h1(page), "Integrations");
  await screenshot(page, "org-admin-integrations");

  await nav.getByRole("link", { name: "Audit log" }).click();
  assert.match((await page.textContent("main")) ?? "", /registered application\s*Booking page/);
  await screenshot(page, "org-admin-audit-log");

  // The account menu works without JavaScript (a details element) and signs out.
  await page.locator(".account-menu summary").click();
  await page.getByRole("link", { name: "Your account" }).click();
  assert.equal(await h1(page), "Your account");
  await screenshot(page, "your-account");
  await page.locator(".account-menu summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  assert.equal(await h1(page), "confab is running");
});

test("a program admin opens Program settings → Permissions and turns phone off", async () => {
  const page = await signIn(acme.users.programAdmin.email);
  assert.equal(await page.getByRole("link", { name: "Manage" }).count(), 0);
  await page.getByRole("link", { name: "Leaders" }).click();
  await screenshot(page, "program-admin-program");
  await page.getByRole("link", { name: "Program settings" }).click();
  assert.equal(await h1(page), "Program settings");
  await page.getByRole("button", { name: "Turn off Phone" }).click();
  assert.equal(await page.getByRole("button", { name: "Turn on Phone" }).count(), 1);
  await page.getByLabel("Add a meeting mode").fill("Video on our own platform");
  await page.getByRole("button", { name: "Add mode" }).click();
  assert.match((await page.textContent("main")) ?? "", /Video on our own platform/);
  await screenshot(page, "program-admin-permissions");
});

test("a mentor sees their program, no Manage, and a clear refusal where they may not go", async () => {
  const page = await signIn(acme.users.mentor.email);
  assert.equal(await h1(page), "Acme");
  assert.equal(await page.getByRole("link", { name: "Manage" }).count(), 0);
  await screenshot(page, "mentor-home");
  await page.getByRole("link", { name: "Leaders" }).click();
  assert.equal(await page.getByRole("link", { name: "Program settings" }).count(), 0);
  await screenshot(page, "mentor-program");
  const refused = await page.goto(`${confab.url}/o/acme/manage/members`);
  assert.equal(refused?.status(), 403);
  assert.equal(await h1(page), "Not allowed");
  await screenshot(page, "mentor-refused");
});
