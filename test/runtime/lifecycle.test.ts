import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cleanup } from "../support/cleanup.ts";
import { cleanEnv, runConfab, spawnConfab } from "../support/run-confab.ts";
import { freePort } from "../support/test-app.ts";

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-lifecycle-"));
await fs.chmod(dataDir, 0o755);
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));

async function waitForReady(url: string, confab: ReturnType<typeof spawnConfab>) {
  let exited: number | null | undefined;
  void confab.exited.then((code) => {
    exited = code;
  });
  // As long as the process runs: the test runner's own timeout is the only deadline.
  for (;;) {
    if (exited !== undefined)
      assert.fail(`confab exited (${exited}) before it was ready:\n${confab.output()}`);
    try {
      const reply = await fetch(`${url}/readyz`);
      if (reply.status === 200) return (await reply.json()) as { status: string };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

function postgresRunning(pidFile: string): Promise<boolean> {
  return fs.readFile(pidFile, "utf8").then(
    (text) => {
      try {
        process.kill(Number(text.split("\n")[0]), 0);
        return true;
      } catch {
        return false;
      }
    },
    () => false,
  );
}

const pidFile = path.join(dataDir, "postgres/postmaster.pid");

test("start on a fresh data folder runs its own PostgreSQL, answers probes, and stops cleanly on SIGTERM", async () => {
  const port = await freePort();
  const env = cleanEnv({ CONFAB_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "info" });
  const confab = spawnConfab(["start"], env);
  const ready = await waitForReady(`http://127.0.0.1:${port}`, confab);
  assert.equal(ready.status, "ready");
  assert.match(confab.output(), /embedded PostgreSQL cluster created/);
  assert.match(confab.output(), /migrations applied/);
  assert.ok(await postgresRunning(pidFile));

  // The CLI beside a running instance joins its database instead of starting another.
  const migrate = await runConfab(["migrate", "--json"], env);
  assert.equal(migrate.code, 0, migrate.stderr);
  assert.deepEqual(JSON.parse(migrate.stdout), { applied: [] });

  const secret = (await fs.stat(path.join(dataDir, "secret-key"))).mode & 0o777;
  assert.equal(secret, 0o600, "the generated secret key is readable by its owner only");

  confab.child.kill("SIGTERM");
  assert.equal(await confab.exited, 0);
  assert.equal(await postgresRunning(pidFile), false, "no PostgreSQL is left running");
});

test("a second start on the same data reuses it and applies nothing again, and SIGINT stops it too", async () => {
  const port = await freePort();
  const env = cleanEnv({ CONFAB_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "info" });
  const confab = spawnConfab(["start"], env);
  await waitForReady(`http://127.0.0.1:${port}`, confab);
  assert.doesNotMatch(confab.output(), /cluster created/);
  assert.match(confab.output(), /database schema is current/);
  confab.child.kill("SIGINT");
  assert.equal(await confab.exited, 0);
  assert.equal(await postgresRunning(pidFile), false);
});
