import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { cleanup } from "./cleanup.ts";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const screenshotDir = path.resolve(import.meta.dirname, "../../test-output/screenshots");

/**
 * Debian's Chromium driven by playwright-core (no browser download). Closed when the file's
 * tests are done. Without the background-networking flags Chromium keeps reaching for the
 * internet, which these machines refuse.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new Error(
      `browser tests need Chromium at ${executablePath}: apt-get install chromium (or set CHROMIUM_PATH)`,
    );
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  cleanup(() => browser.close());
  // No wait in the browser has a deadline of its own (Playwright's is 30 seconds): on a loaded
  // machine a page is slow, not broken, and the test runner's timeout still ends a real hang.
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.setDefaultTimeout(0);
    return context;
  };
  const newPage = browser.newPage.bind(browser);
  browser.newPage = async (options) => {
    const page = await newPage(options);
    page.setDefaultTimeout(0);
    return page;
  };
  return browser;
}

/** Saves what a person would see, to look at after the run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await fs.mkdir(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
