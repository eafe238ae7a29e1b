import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { cleanup } from "../support/cleanup.ts";
import { startTestApp } from "../support/test-app.ts";

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-demo-e2e-"));
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));
const confab = await startTestApp(undefined, {
  env: { CONFAB_DEMO: "1", CONFAB_DATA_DIR: dataDir },
});
const browser = await launchBrowser();

test("a newcomer signs in as the demo's organization admin with one click and lands in Northwind", async () => {
  const page = await browser.newPage();
  await page.goto(`${confab.url}/sign-in`);
  const banner = page.getByRole("note", { name: "Demo mode" });
  assert.match((await banner.textContent()) ?? "", /Zoom sandbox/);
  assert.equal(await page.getByRole("heading", { name: "Demo accounts" }).count(), 1);
  await screenshot(page, "demo-sign-in");

  await page.getByRole("button", { name: "Sign in as Grace Ito" }).click();
  await page.waitForURL(`${confab.url}/o/northwind`);
  assert.match((await page.textContent("header")) ?? "", /Grace Ito/);
  assert.equal(await page.getByRole("link", { name: "Manage" }).count(), 1);
  assert.equal(await page.getByRole("note", { name: "Demo mode" }).count(), 1);
  await screenshot(page, "demo-signed-in");
});

test("a mentee signs in with one click and sees only their own track", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByRole("button", { name: "Sign in as Sofia Rossi" }).click();
  await page.waitForURL(`${confab.url}/o/northwind`);
  const main = (await page.textContent("main")) ?? "";
  assert.match(main, /Engineering track/);
  assert.doesNotMatch(main, /Leadership track/);
  assert.equal(await page.getByRole("link", { name: "Manage" }).count(), 0);
});
