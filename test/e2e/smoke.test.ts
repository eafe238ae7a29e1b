import assert from "node:assert/strict";
import { test } from "node:test";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startTestApp } from "../support/test-app.ts";

const confab = await startTestApp();
const browser = await launchBrowser();

test("the home page renders in Chromium with its heading, landmarks and stylesheet", async () => {
  const page = await browser.newPage();
  const response = await page.goto(`${confab.url}/`);
  assert.equal(response?.status(), 200);
  assert.equal(await page.title(), "Welcome · confab");
  assert.equal(await page.getByRole("heading", { level: 1 }).textContent(), "confab is running");
  assert.equal(await page.getByRole("main").count(), 1);
  const font = await page.evaluate<string>("getComputedStyle(document.body).fontFamily");
  assert.match(font, /system-ui/, "the stylesheet is applied");
  await screenshot(page, "home");
});

test("the readiness link on the home page reports ready with the worker running", async () => {
  const page = await browser.newPage();
  await page.goto(`${confab.url}/`);
  await page.getByRole("link", { name: "Readiness" }).click();
  assert.match((await page.textContent("body")) ?? "", /"status":"ready"/);
});
