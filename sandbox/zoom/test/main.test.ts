import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import {
  assertHelpShows,
  assertRefusedWithUsage,
  runCommand,
} from "../../common/test-support/command.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

test("the standalone command prints its base URL, serves Zoom, and stops on SIGTERM", async () => {
  const { child, stdout } = runCommand(MAIN, ["--port", "0", "--host", "127.0.0.1"]);
  for (let i = 0; i < 200 && !stdout().includes("\n"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const url = stdout().trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const reply = await fetch(`${url}/v2/users/me`);
  assert.equal(reply.status, 401);
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
});

test("--help explains the command and exits 0", async () => {
  await assertHelpShows(MAIN, [/--port <n>/, /--host <h>/]);
});

test("a missing or malformed --port is refused with usage on stderr", async () => {
  await assertRefusedWithUsage(MAIN, [[], ["--port", "abc"], ["--bogus"]]);
});
