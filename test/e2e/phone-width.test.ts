import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import type { Page } from "playwright-core";
import { describeDemo } from "../../src/demo/describe-demo.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { cleanup } from "../support/cleanup.ts";
import { startTestApp } from "../support/test-app.ts";

/**
 * Every page of the demo walk, on a phone (390 px) and on a laptop (1280 px): nothing makes the
 * page scroll sideways, and nothing pokes out of the card it sits in. Screenshots of each page
 * at each width land in test-output/screenshots (phone-… and laptop-…) to look at afterwards.
 */
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-phone-width-"));
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));
const confab = await startTestApp(undefined, {
  env: { CONFAB_DEMO: "1", CONFAB_DATA_DIR: dataDir, SMTP_URL: "" },
});
assert.ok(confab.demo, "the demo runs");
const browser = await launchBrowser();
const zoomUrl = /Zoom sandbox at (\S+),/.exec(
  describeDemo(confab.url, confab.demo).join("\n"),
)?.[1];
assert.ok(zoomUrl, "the demo names its Zoom sandbox");

const org = `${confab.url}/o/northwind`;
const widths = { phone: 390, laptop: 1280 } as const;
/** What the stylesheet draws as a box of its own: what is inside must stay inside. */
const cards = ".panel, .card, .empty-state, .alert, .demo-banner, .top-bar, .site-footer";
const longTitle = "Quarterly".repeat(22).slice(0, 200);

const people = new Map<string, Page>();
async function signedIn(name: string): Promise<Page> {
  const known = people.get(name);
  if (known) return known;
  const context = await browser.newContext({ viewport: { width: widths.laptop, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${confab.url}/sign-in`);
  await page.getByRole("button", { name: `Sign in as ${name}` }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  people.set(name, page);
  return page;
}

/**
 * What does not fit the window or its card, as sentences naming the element. Content inside a
 * box that scrolls or clips sideways (a wide table's scroller) is that box's business. It runs
 * in the page, so it is written as the script the browser is given.
 */
const misfitsScript = `(() => {
  const describe = (element) => {
    const classes = [...element.classList].map((c) => "." + c).join("");
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return "<" + element.tagName.toLowerCase() + classes + ">" + (text ? ' "' + text + '"' : "");
  };
  const clippedBetween = (element, outer) => {
    for (let box = element.parentElement; box && box !== outer; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return outer !== null && getComputedStyle(outer).overflowX !== "visible";
  };
  const shown = (element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  };
  const beyond = (element, edge) => element.getBoundingClientRect().right - edge > 0.5;
  const problems = [];
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth) {
    const culprits = [...document.body.querySelectorAll("*")].filter(
      (e) =>
        shown(e) &&
        beyond(e, window.innerWidth) &&
        !clippedBetween(e, null) &&
        ![...e.children].some((child) => beyond(child, window.innerWidth)),
    );
    problems.push(
      "the page is " + width + " px wide in a " + window.innerWidth + " px window, because of " +
        (culprits.slice(0, 3).map(describe).join(", ") || "nothing in the body"),
    );
  }
  for (const card of document.querySelectorAll(${JSON.stringify(cards)})) {
    if (!shown(card)) continue;
    const edge = card.getBoundingClientRect().right;
    const crossing = [...card.querySelectorAll("*")].find(
      (e) => shown(e) && !clippedBetween(e, card) && beyond(e, edge),
    );
    if (crossing) {
      const over = Math.round(crossing.getBoundingClientRect().right - edge);
      problems.push(describe(crossing) + " crosses the right edge of " + describe(card) + " by " + over + " px");
    }
  }
  return problems;
})()`;

/** The page as it is now, at each width: its misfits, each named with the page and width. */
async function check(page: Page, name: string, problems: string[]) {
  for (const [device, width] of Object.entries(widths)) {
    await page.setViewportSize({ width, height: 900 });
    for (const problem of await page.evaluate<string[]>(misfitsScript))
      problems.push(`${name} at ${width} px: ${problem}`);
    await screenshot(page, `${device}-${name}`);
  }
  await page.setViewportSize({ width: widths.laptop, height: 900 });
}

async function visit(page: Page, url: string, name: string, problems: string[]) {
  const reply = await page.goto(url);
  assert.ok(reply && reply.status() < 500, `${name} (${url}) answered ${reply?.status()}`);
  await check(page, name, problems);
}

const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
let leadership = "";
let zoomMeeting = "";
let longMeeting = "";

async function fillMeeting(page: Page, title: string, mode: RegExp) {
  await page.goto(`${org}/programs/${leadership}/meetings/new`);
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Date", { exact: true }).fill(inTwoDays);
  await page.getByLabel("Start time").fill("10:00");
  await page.getByLabel("Time zone").fill("Europe/London");
  await page.getByLabel(/Ben Okafor/).check();
  await page.getByLabel(/Leo Martin/).check();
  await page.getByLabel(mode).check();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("the demo is set up as its walk goes: Zoom installed for Northwind and on in the Leadership track", async () => {
  const grace = await signedIn("Grace Ito");
  await grace.goto(`${org}/manage/integrations`);
  await grace.locator("[data-integration=zoom]").getByRole("link", { name: "Install" }).click();
  await grace.getByRole("dialog").getByRole("button", { name: "Continue" }).click();
  await grace.waitForURL((url) => url.href.startsWith(zoomUrl));
  await grace.getByLabel(/email/i).fill("grace@northwind.example");
  await grace.getByRole("button", { name: "Allow" }).click();
  await grace.waitForURL((url) => url.pathname === "/o/northwind/manage/integrations");
  await grace.getByRole("button", { name: "Done" }).click();
  await grace.getByRole("button", { name: "Enable Zoom for Leadership track" }).click();
  leadership =
    (await grace
      .locator("[data-program]", { hasText: "Leadership track" })
      .getAttribute("data-program")) ?? "";
  assert.ok(leadership);

  const priya = await signedIn("Priya Nair");
  await priya.goto(`${org}/programs/${leadership}/settings/permissions`);
  await priya.getByRole("button", { name: "Turn on Zoom video call" }).click();
  assert.match(
    (await priya.locator(".toggle-list li", { hasText: "Zoom video call" }).textContent()) ?? "",
    /On/,
  );
});

test("a mentor's pages fit a phone and a laptop: program, meeting form, Check who hosts, and meeting pages, one titled with 200 characters and no space", async () => {
  const problems: string[] = [];
  const maya = await signedIn("Maya Chen");
  await visit(maya, `${org}`, "mentor-organization", problems);
  await visit(maya, `${org}/programs/${leadership}`, "mentor-program", problems);
  await visit(maya, `${org}/programs/${leadership}/meetings/new`, "mentor-meeting-form", problems);

  await fillMeeting(maya, longTitle, /Zoom video call/);
  assert.equal(
    (await maya.getByRole("heading", { level: 1 }).textContent())?.trim(),
    "Check who hosts in Zoom",
  );
  await check(maya, "mentor-check-who-hosts", problems);
  await maya.getByRole("button", { name: "Create meeting" }).click();
  await maya.waitForURL(/\/meetings\/evt_/);
  zoomMeeting = maya.url();
  await maya.locator("a[data-join-url]").waitFor();
  await check(maya, "mentor-zoom-meeting", problems);

  await fillMeeting(maya, longTitle, /In person/);
  await maya.waitForURL(/\/meetings\/evt_/);
  longMeeting = maya.url();
  await check(maya, "mentor-long-title-meeting", problems);
  await visit(maya, `${longMeeting}/edit`, "mentor-meeting-change", problems);
  await visit(maya, `${longMeeting}/cancel`, "mentor-meeting-cancel", problems);
  await visit(maya, `${confab.url}/account`, "mentor-account", problems);
  await visit(maya, `${confab.url}/account/conferencing`, "mentor-conferencing-services", problems);
  await visit(maya, `${confab.url}/account/conferencing/add`, "mentor-add-conferencing", problems);
  await visit(maya, `${org}/programs/not-a-program`, "mentor-error-page", problems);
  assert.deepEqual(problems, []);
});

test("a mentee's pages fit a phone and a laptop: organization, program and the meeting they are invited to", async () => {
  const problems: string[] = [];
  const ben = await signedIn("Ben Okafor");
  await visit(ben, `${confab.url}/`, "mentee-home", problems);
  await visit(ben, `${org}/programs/${leadership}`, "mentee-program", problems);
  await visit(ben, zoomMeeting, "mentee-meeting", problems);
  await visit(ben, `${org}/manage`, "mentee-refused-manage", problems);
  assert.deepEqual(problems, []);
});

test("a program admin's pages fit a phone and a laptop: program, its settings and permissions", async () => {
  const problems: string[] = [];
  const priya = await signedIn("Priya Nair");
  await visit(priya, `${org}/programs/${leadership}`, "program-admin-program", problems);
  await visit(priya, `${org}/programs/${leadership}/settings`, "program-admin-settings", problems);
  await visit(
    priya,
    `${org}/programs/${leadership}/settings/permissions`,
    "program-admin-permissions",
    problems,
  );
  assert.deepEqual(problems, []);
});

test("an organization admin's Manage pages fit a phone and a laptop", async () => {
  const problems: string[] = [];
  const grace = await signedIn("Grace Ito");
  await visit(grace, `${org}`, "admin-organization", problems);
  for (const section of ["", "programs", "members", "integrations", "applications"]) {
    await visit(grace, `${org}/manage/${section}`, `admin-manage-${section || "start"}`, problems);
  }
  await grace.getByRole("link", { name: "Northwind scheduler" }).click();
  await check(grace, "admin-application", problems);
  await visit(grace, `${org}/manage/audit-log`, "admin-audit-log", problems);
  await visit(grace, `${org}/manage/operations`, "admin-operations", problems);
  await visit(grace, `${org}/manage/members/not-a-member/remove`, "admin-error-page", problems);
  assert.deepEqual(problems, []);
});

test("the operator's pages fit a phone and a laptop", async () => {
  const problems: string[] = [];
  const olivia = await signedIn("Olivia Operator");
  for (const section of ["", "/mail", "/applications", "/operations"]) {
    await visit(
      olivia,
      `${confab.url}/operator${section}`,
      `operator${section.replace("/", "-")}`,
      problems,
    );
  }
  await visit(olivia, `${confab.url}/demo/inbox`, "operator-demo-inbox", problems);
  assert.deepEqual(problems, []);
});

test("the signed-out pages fit a phone and a laptop: sign-in, a missing page", async () => {
  const problems: string[] = [];
  const page = await (
    await browser.newContext({ viewport: { width: widths.laptop, height: 900 } })
  ).newPage();
  await visit(page, `${confab.url}/sign-in`, "signed-out-sign-in", problems);
  await visit(page, `${confab.url}/forgot-password`, "signed-out-forgot-password", problems);
  await visit(page, `${confab.url}/no-such-page`, "signed-out-not-found", problems);
  assert.deepEqual(problems, []);
});

test("on a phone the demo banner is one line that opens to say more, and the top bar is two rows at most", async () => {
  const grace = await signedIn("Grace Ito");
  await grace.setViewportSize({ width: widths.phone, height: 900 });
  await grace.goto(`${org}/manage/members`);
  const banner = grace.getByRole("note", { name: "Demo mode" });
  const folded = await banner.boundingBox();
  const lineHeight = await grace.evaluate<number>(
    `parseFloat(getComputedStyle(document.querySelector(".demo-banner")).lineHeight)`,
  );
  assert.ok(folded && folded.height < 2 * lineHeight, `the banner is ${folded?.height} px tall`);
  await banner.getByText("Demo mode.").click();
  assert.match((await banner.textContent()) ?? "", /keep it on your own machine/);
  const opened = await banner.boundingBox();
  assert.ok(opened && opened.height > folded.height, "the banner opens to say more");
  await screenshot(grace, "phone-demo-banner-open");

  // A box that starts below the bottom of the row so far starts a row of its own.
  const rows = await grace.evaluate<number>(`(() => {
    const boxes = [...document.querySelector(".top-bar").children]
      .map((child) => child.getBoundingClientRect())
      .filter((box) => box.width > 0)
      .sort((a, b) => a.top - b.top);
    let count = 0;
    let bottom = -Infinity;
    for (const box of boxes) {
      if (box.top >= bottom - 1) count++;
      bottom = Math.max(bottom, box.bottom);
    }
    return count;
  })()`);
  assert.ok(rows <= 2, `the top bar has ${rows} rows`);
  await grace.setViewportSize({ width: widths.laptop, height: 900 });
});
