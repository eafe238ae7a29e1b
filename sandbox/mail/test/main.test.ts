import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { createTransport } from "nodemailer";
import {
  assertHelpShows,
  assertRefusedWithUsage,
  runCommand,
} from "../../common/test-support/command.ts";

const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

test("the standalone command prints its smtp URL, catches mail, and stops on SIGTERM", async () => {
  const { child, nextLine } = runCommand(MAIN, ["--port", "0", "--host", "127.0.0.1"]);
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
  await assertHelpShows(MAIN, [/--port <n>/, /--state-file <path>/]);
});

test("a missing or malformed --port, or an unknown option, is refused with usage on stderr", async () => {
  await assertRefusedWithUsage(MAIN, [[], ["--port", "abc"], ["--port", "70000"], ["--bogus"]]);
});
