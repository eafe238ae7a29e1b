import assert from "node:assert/strict";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { createUser } from "../../src/accounts/create-user.ts";
import { recordProvisioningSnapshot } from "../../src/operations/record-provisioning-snapshot.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { addMember } from "../../src/orgs/members.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { password, seedOperator } from "../support/tenant.ts";

/** An org admin and the operator look at the operations dashboard in Chromium. */
const { zoom, confab, api, calendarFor, linkZoom, db } = await startConferencingWorld();
const { organization } = await loadOrgAccessForCommandLine(db, "scheduling-1");
await createUser(db, { email: "admin@scheduling.example", password, name: "Ada Admin" });
await addMember(db, {
  organizationId: organization.id,
  email: "admin@scheduling.example",
  role: "org_admin",
  actor: commandLineActor,
});
await seedOperator(db);
const browser = await launchBrowser();

const ada = await calendarFor("ada");
await linkZoom(ada.sub, zoom.users.member);
const start = new Date(Date.now() + 2 * 24 * 3600_000);
const upsert = (eventId: string, summary: string) =>
  api("POST", `/v1/calendars/${ada.calendarId}/events`, {
    token: ada.token,
    body: {
      event_id: eventId,
      summary,
      start: start.toISOString(),
      end: new Date(start.getTime() + 45 * 60_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
const sessions: [string, string][] = [
  ["kickoff", "Kick-off with Maya"],
  ["review", "Quarterly review"],
  ["coaching", "Coaching: Leo and Sofia"],
];
for (const [id, summary] of sessions) await upsert(id, summary);
await eventually(async () => {
  const rows = await db
    .selectFrom("events")
    .select("id")
    .where("conferencing_state", "=", "assigned")
    .execute();
  return rows.length === 3;
});
await zoom.control("POST", "/faults", {
  match: { method: "POST", path: "/v2/users/*/meetings" },
  status: 400,
  zoom_code: 300,
  message: "Validation Failed.",
  times: 1,
});
await upsert("refused", "Mentoring with Ben");
await eventually(async () => {
  const rows = await db
    .selectFrom("events")
    .select("conferencing_state")
    .where("conferencing_state", "in", ["assigned", "failing"])
    .execute();
  return rows.length === 4;
});
// A day of history as the hourly task would have written it, so the chart has a shape.
await recordProvisioningSnapshot(db);
const hour = 3600_000;
const top = Math.floor(Date.now() / hour) * hour;
for (let h = 1; h <= 23; h += 1) {
  await db
    .insertInto("provisioning_snapshots")
    .values({
      organization_id: organization.id,
      taken_at: new Date(top - h * hour),
      pending: h % 7 === 3 ? 2 : h % 5 === 0 ? 1 : 0,
      assigned: Math.max(0, 3 - Math.floor(h / 8)),
      failing: h >= 4 && h <= 6 ? 1 : 0,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

async function signIn(email: string): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 } })
  ).newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  return page;
}

test("org admin: Manage → Operations shows the charts, the failing event with Retry, connections and budgets", async () => {
  const page = await signIn("admin@scheduling.example");
  await page.goto(`${confab.url}/o/scheduling-1/manage`);
  await page
    .getByRole("navigation", { name: "Manage" })
    .getByRole("link", { name: "Operations" })
    .click();
  await page.waitForURL(/\/manage\/operations$/);
  for (const name of [
    "Pending events, last 24 hours",
    "Assigned events, last 24 hours",
    "Failing events, last 24 hours",
  ]) {
    assert.equal(await page.getByRole("img", { name }).count(), 1, name);
  }
  assert.match(
    (await page.textContent("main")) ?? "",
    /Mentoring with Ben.*Zoom refused the meeting/s,
  );
  assert.equal(
    await page.getByRole("img", { name: /member@acme\.example: \d+ of 100 used today/ }).count(),
    1,
  );
  await screenshot(page, "operations-dashboard");

  await page.getByRole("button", { name: "Retry the meeting of Mentoring with Ben" }).click();
  await page.waitForURL(/retried=1/);
  assert.match((await page.getByRole("status").textContent()) ?? "", /Retry queued/);
  await eventually(async () => {
    await page.reload();
    return /Nothing is failing/.test((await page.textContent("main")) ?? "");
  });
  await screenshot(page, "operations-dashboard-after-retry");
});

test("operator: Operator → Operations dashboard spans every organization", async () => {
  const page = await signIn("operator@confab.example");
  await page.goto(`${confab.url}/operator`);
  await page.getByRole("link", { name: "Operations dashboard" }).click();
  await page.waitForURL(/\/operator\/operations$/);
  assert.match((await page.textContent("h1")) ?? "", /Operations/);
  await screenshot(page, "operator-operations-dashboard");
});
