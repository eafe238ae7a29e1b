import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

function run(args: string[]) {
  const child = spawn(process.execPath, [MAIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, stdout: () => stdout, stderr: () => stderr };
}

test("the standalone command prints its base URL, serves Microsoft, and stops on SIGTERM", async () => {
  const { child, stdout } = run(["--port", "0", "--host", "127.0.0.1"]);
  for (let i = 0; i < 200 && !stdout().includes("\n"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const url = stdout().trim();
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  const reply = await fetch(`${url}/v1.0/me`);
  assert.equal(reply.status, 401);
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
});

test("--help explains the command and exits 0", async () => {
  const { child, stdout } = run(["--help"]);
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  assert.match(stdout(), /--port <n>/);
  assert.match(stdout(), /--state-file <path>/);
});

test("a missing or malformed --port is refused with usage on stderr", async () => {
  for (const args of [[], ["--port", "abc"], ["--bogus"]]) {
    const { child, stderr } = run(args);
    const [code] = await once(child, "exit");
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr(), /Usage:/);
  }
});
