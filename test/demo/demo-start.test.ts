import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { demoPeople } from "../../src/demo/demo-people.ts";
import { cleanup } from "../support/cleanup.ts";
import { cleanEnv, spawnConfab } from "../support/run-confab.ts";
import { freePort } from "../support/test-app.ts";

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-demo-start-"));
await fs.chmod(dataDir, 0o755);
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));

/** Starts `node src/main.ts start` and waits for the console's demo block to be printed. */
async function start() {
  const port = await freePort();
  const confab = spawnConfab(["start"], cleanEnv({ CONFAB_DATA_DIR: dataDir, PORT: String(port) }));
  await confab.waitFor(/CONFAB_DEMO=0 turns it off/);
  return { ...confab, url: `http://localhost:${port}` };
}

async function stop(confab: Awaited<ReturnType<typeof start>>) {
  confab.child.kill("SIGTERM");
  assert.equal(await confab.exited, 0, confab.output());
}

test("start on a fresh data folder seeds the demo, prints the URL and accounts, and serves them on the sign-in page", async () => {
  const confab = await start();
  const output = confab.output();
  assert.match(output, new RegExp(`confab demo: open ${confab.url}/sign-in`));
  assert.match(output, /Zoom is the Zoom sandbox at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /Microsoft is the Microsoft sandbox at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(output, /ben\.okafor@outlook\.com +a personal Microsoft account: refused/);
  for (const person of demoPeople) assert.ok(output.includes(person.email), person.email);
  assert.match(output, /Try first:/);
  assert.match(output, /"msg":"demo: data made"/);

  const page = await fetch(`${confab.url}/sign-in`);
  assert.equal(page.status, 200);
  const body = await page.text();
  assert.match(body, /Demo mode\./);
  for (const person of demoPeople) assert.ok(body.includes(`Sign in as ${person.name}`));
  await stop(confab);
  const state = await fs.stat(path.join(dataDir, "zoom-sandbox.json"));
  assert.equal(state.mode & 0o777, 0o600, "the sandbox's state is kept, for its owner only");
  const microsoftState = await fs.stat(path.join(dataDir, "microsoft-sandbox.json"));
  assert.equal(microsoftState.mode & 0o777, 0o600, "so is the Microsoft sandbox's");
});

test("a second start on the same data finds the demo and the sandbox's state, and adds nothing", async () => {
  const confab = await start();
  const output = confab.output();
  assert.match(output, /"seeded":false/);
  assert.match(output, /"zoomSandboxRestored":true/);
  assert.match(output, /"microsoftSandboxRestored":true/);
  assert.doesNotMatch(output, /Microsoft sandbox set up/);
  assert.doesNotMatch(output, /Zoom sandbox seeded/);
  const sandboxUrl = /Zoom is the Zoom sandbox at (http:\/\/[\d.:]+)/.exec(output)?.[1];
  const apps = (await (await fetch(`${sandboxUrl}/_sandbox/apps`)).json()) as unknown[];
  assert.equal(apps.length, 2);
  await stop(confab);
});

test("CONFAB_DEMO=0 starts confab without the demo", async () => {
  const port = await freePort();
  const confab = spawnConfab(
    ["start"],
    cleanEnv({ CONFAB_DATA_DIR: dataDir, PORT: String(port), CONFAB_DEMO: "0" }),
  );
  await confab.waitFor(/confab is running at/);
  const body = await (await fetch(`http://127.0.0.1:${port}/sign-in`)).text();
  assert.doesNotMatch(body, /Demo mode|Sign in as/);
  confab.child.kill("SIGTERM");
  assert.equal(await confab.exited, 0);
});
