import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { commandLineActor } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { password, seedTenant } from "../support/tenant.ts";

/** The seed's steps, word for word: the org admin installs Zoom, the program admin turns it on. */
const { zoom, confab, db } = await startConferencingWorld();
const acme = await seedTenant(db, "Acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});
const browser = await launchBrowser();

async function signIn(email: string): Promise<Page> {
  // No JavaScript: the confirmation pop-up and every step must work as plain HTML.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

const main = async (page: Page) => (await page.textContent("main")) ?? "";

test("org admin: Manage → Integrations → Zoom → Install → confirmation → Continue → Zoom admin consent → Done, then enable for a program", async () => {
  const page = await signIn(acme.users.orgAdmin.email);
  await page.goto(`${confab.url}/o/acme`);
  await page.getByRole("link", { name: "Manage" }).click();
  await page
    .getByRole("navigation", { name: "Manage" })
    .getByRole("link", { name: "Integrations" })
    .click();
  const card = page.locator("[data-integration=zoom]");
  assert.match((await card.textContent()) ?? "", /Zoom.*Not installed/s);
  await screenshot(page, "org-zoom-integrations-before");

  await card.getByRole("link", { name: "Install" }).click();
  const dialog = page.getByRole("dialog");
  const words = (await dialog.textContent()) ?? "";
  assert.match(words, /Install Zoom for Acme/);
  assert.match(words, /owner or admin/);
  assert.match(words, /confab will never/);
  assert.match(words, /No recordings/);
  assert.match(words, /meeting:write:meeting:admin/);
  await screenshot(page, "org-zoom-install-confirmation");

  await dialog.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL((url) => url.href.startsWith(zoom.url));
  await screenshot(page, "org-zoom-admin-consent");
  await page.getByLabel(/email/i).fill(zoom.users.owner);
  await page.getByRole("button", { name: "Allow" }).click();
  await page.waitForURL((url) => url.pathname === "/o/acme/manage/integrations");
  assert.match(await main(page), /Zoom is connected/);
  assert.match(await main(page), new RegExp(zoom.users.owner));
  await screenshot(page, "org-zoom-done");

  await page.getByRole("button", { name: "Done" }).click();
  assert.match((await page.getByRole("status").textContent()) ?? "", /Zoom is installed for Acme/);
  assert.match((await card.textContent()) ?? "", /Installed.*owner@acme\.example/s);
  await page.getByRole("button", { name: "Enable Zoom for Leaders" }).click();
  assert.match(
    (await page.locator(`[data-program="${acme.programs.p1.id}"]`).textContent()) ?? "",
    /Enabled/,
  );
  assert.equal(await page.getByRole("button", { name: "Enable Zoom for Engineers" }).count(), 1);
  await screenshot(page, "org-zoom-enabled-for-program");

  await page
    .getByRole("navigation", { name: "Manage" })
    .getByRole("link", { name: "Audit log" })
    .click();
  const log = await main(page);
  assert.match(log, /installed\s+Zoom \(owner@acme\.example\)/);
  assert.match(log, /enabled\s+Zoom for Leaders/);
});

test("program admin: Program settings → Permissions → Zoom video call on", async () => {
  const page = await signIn(acme.users.programAdmin.email);
  await page.goto(`${confab.url}/o/acme`);
  await page.getByRole("link", { name: "Leaders" }).click();
  await page.getByRole("link", { name: "Program settings" }).click();
  await page.getByRole("link", { name: "Permissions" }).click();
  const row = page.locator(".toggle-list li", { hasText: "Zoom video call" });
  assert.match((await row.textContent()) ?? "", /Off/);
  await screenshot(page, "org-zoom-permissions-off");
  await page.getByRole("button", { name: "Turn on Zoom video call" }).click();
  assert.match(
    (await page.locator(".toggle-list li", { hasText: "Zoom video call" }).textContent()) ?? "",
    /On/,
  );
  await screenshot(page, "org-zoom-permissions-on");
});

test("org admin: removing Zoom asks first, says existing meetings stay, and Zoom video call stops being offered", async () => {
  const page = await signIn(acme.users.orgAdmin.email);
  await page.goto(`${confab.url}/o/acme/manage/integrations`);
  await page.getByRole("link", { name: "Remove Zoom" }).click();
  assert.match(await main(page), /No existing Zoom meetings will be deleted/);
  await screenshot(page, "org-zoom-remove-confirmation");
  await page.getByRole("button", { name: "Remove Zoom" }).click();
  assert.match(await main(page), /Zoom is removed/);
  await page.goto(`${confab.url}/o/acme/programs/${acme.programs.p1.id}/settings/permissions`);
  assert.match(
    (await page.locator(".toggle-list li", { hasText: "Zoom video call" }).textContent()) ?? "",
    /Not installed for the organization/,
  );
  await screenshot(page, "org-zoom-permissions-after-removal");
});
