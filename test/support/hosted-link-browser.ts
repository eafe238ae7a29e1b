import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { screenshot } from "./browser.ts";

/**
 * A person completing an application's hosted conferencing link in a browser: Connect Zoom,
 * sign in at Zoom's consent page, Allow. Answers the profile id the application is sent back
 * with on its redirect_uri.
 */
export async function completeHostedLink(
  browser: Browser,
  link: { url: string; redirectUri: string; zoomUrl: string; email: string; shot: string },
): Promise<string> {
  const page = await browser.newPage();
  await page.goto(link.url);
  await page.getByRole("button", { name: "Connect Zoom" }).click();
  await page.waitForURL((url) => url.href.startsWith(link.zoomUrl));
  await page.getByLabel(/email/i).fill(link.email);
  await screenshot(page, link.shot);
  const landed = page.waitForRequest((request) => request.url().startsWith(link.redirectUri));
  await page.getByRole("button", { name: "Allow" }).click();
  const profileId = new URL((await landed).url()).searchParams.get("last_linked_profile_id") ?? "";
  assert.match(profileId, /^pro_/);
  await page.close();
  return profileId;
}
