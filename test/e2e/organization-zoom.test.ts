import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { assignProgramRole } from "../../src/orgs/programs.ts";
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
// In Acme's Zoom account the mentor is a licensed user and the mentee is not; both are in Leaders.
await zoom.control("POST", "/users", {
  email: acme.users.mentor.email,
  account_id: zoom.accounts.paid,
  type: 2,
  role: "member",
});
await zoom.control("POST", "/users", {
  email: acme.users.mentee.email,
  account_id: zoom.accounts.paid,
  type: 1,
  role: "member",
});
await assignProgramRole(db, await loadOrgAccessForCommandLine(db, "acme"), acme.programs.p1, {
  email: acme.users.mentee.email,
  role: "mentee",
  actor: commandLineActor,
});
const browser = await launchBrowser();
/** The Zoom meeting the mentor makes, as the later steps find it. */
let mentorsMeeting = { path: "", joinUrl: "" };

async function signIn(email: string, javaScriptEnabled = false): Promise<Page> {
  // No JavaScript unless asked: the confirmation pop-up and every step must work as plain HTML.
  const context = await browser.newContext({ javaScriptEnabled });
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

test("mentor: Leaders → New meeting → invite the mentee → Zoom video call → sees who hosts → Create meeting → the join link appears without a reload", async () => {
  const page = await signIn(acme.users.mentor.email, true);
  await page.goto(`${confab.url}/o/acme`);
  await page.getByRole("link", { name: "Leaders" }).click();
  await page.getByRole("link", { name: "New meeting" }).click();
  await page.getByLabel("Title").fill("Mentoring kick-off");
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Date", { exact: true }).fill(tomorrow);
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Duration").selectOption("60");
  await page.getByLabel("Time zone").fill("America/New_York");
  await page.getByLabel(/mentee of Acme/).check();
  await page.getByLabel(/Zoom video call/).check();
  await screenshot(page, "org-zoom-mentor-new-meeting");
  await page.getByRole("button", { name: "Continue" }).click();

  const plan = page.locator(".hosting-plan");
  assert.match(
    (await plan.locator("[data-role=host]").textContent()) ?? "",
    /mentor@acme\.example.*\(you\)/s,
  );
  assert.match(
    (await plan.locator("[data-role=participant]").textContent()) ?? "",
    /mentee@acme\.example/,
  );
  assert.match((await plan.locator("[data-role=alternative_host]").textContent()) ?? "", /Nobody/);
  await screenshot(page, "org-zoom-mentor-who-hosts");
  // Zoom takes its time with this one, so the page is seen while the meeting is being made.
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    delay_ms: 2500,
    times: 1,
  });
  await page.getByRole("button", { name: "Create meeting" }).click();

  await page.waitForURL(/\/meetings\/evt_/);
  assert.match(await main(page), /Creating Zoom meeting…/);
  await screenshot(page, "org-zoom-mentor-meeting-pending");
  const join = page.locator("a[data-join-url]");
  await join.waitFor();
  mentorsMeeting = {
    path: new URL(page.url()).pathname,
    joinUrl: (await join.getAttribute("href")) ?? "",
  };
  assert.match(mentorsMeeting.joinUrl, /^http/);
  assert.equal(await page.getByRole("link", { name: "Start meeting as host" }).count(), 1);
  assert.match(await main(page), /10:00 \(America\/New_York\)/);
  await screenshot(page, "org-zoom-mentor-meeting-ready");

  const inZoom = (
    await zoom.control<{ join_url: string; host_email: string }[]>("GET", "/meetings")
  ).find((m) => m.join_url === mentorsMeeting.joinUrl);
  assert.equal(inZoom?.host_email, acme.users.mentor.email);
});

test("mentee: sees the mentor's meeting with its join link, as a participant, without a start link (no JavaScript)", async () => {
  const page = await signIn(acme.users.mentee.email);
  await page.goto(`${confab.url}/o/acme/programs/${acme.programs.p1.id}`);
  const card = page.locator(".meeting-list li", { hasText: "Mentoring kick-off" });
  assert.match((await card.textContent()) ?? "", /You: Participant/);
  await card.getByRole("link", { name: "Mentoring kick-off" }).click();
  assert.equal(await page.locator("a[data-join-url]").getAttribute("href"), mentorsMeeting.joinUrl);
  assert.equal(await page.getByRole("link", { name: "Start meeting as host" }).count(), 0);
  assert.equal(await page.getByRole("link", { name: "Cancel meeting" }).count(), 0);
  assert.match(
    (await page.locator(`[data-person="${acme.users.mentee.email}"]`).textContent()) ?? "",
    /Participant/,
  );
  await screenshot(page, "org-zoom-mentee-sees-meeting");
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

test("mentor: after the removal the meeting is still in Zoom and still shows its link, and New meeting no longer offers Zoom", async () => {
  const page = await signIn(acme.users.mentor.email);
  await page.goto(`${confab.url}${mentorsMeeting.path}`);
  assert.equal(await page.locator("a[data-join-url]").getAttribute("href"), mentorsMeeting.joinUrl);
  const meetings = await zoom.control<{ join_url: string }[]>("GET", "/meetings");
  assert.ok(meetings.some((m) => m.join_url === mentorsMeeting.joinUrl));
  await page.goto(`${confab.url}/o/acme/programs/${acme.programs.p1.id}/meetings/new`);
  const modes = (await page.locator("fieldset", { hasText: "Meeting mode" }).textContent()) ?? "";
  assert.doesNotMatch(modes, /Zoom/);
  assert.match(modes, /In person/);
  await screenshot(page, "org-zoom-mentor-after-removal");
});
