import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTransport } from "nodemailer";

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
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    assert.ok(!line.done, `the command ended early: ${stderr}`);
    return line.value;
  };
  return { child, nextLine, stdout: () => stdout, stderr: () => stderr };
}

test("the standalone command prints its smtp URL, catches mail, and stops on SIGTERM", async () => {
  const { child, nextLine } = run(["--port", "0", "--host", "127.0.0.1"]);
  const url = await nextLine();
  assert.match(url, /^smtp:\/\/127\.0\.0\.1:\d+$/);
  const transport = createTransport(url);
  await transport.sendMail({
    from: "host@confab.test",
    to: "ann@guests.test",
    subject: "Standalone",
    text: "x",
  });
  transport.close();
  assert.equal(await nextLine(), 'msg_1 from host@confab.test to ann@guests.test: "Standalone"');
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

test("a missing or malformed --port, or an unknown option, is refused with usage on stderr", async () => {
  for (const args of [[], ["--port", "abc"], ["--port", "70000"], ["--bogus"]]) {
    const { child, stderr } = run(args);
    const [code] = await once(child, "exit");
    assert.equal(code, 2, args.join(" "));
    assert.match(stderr(), /Usage:/);
  }
});
