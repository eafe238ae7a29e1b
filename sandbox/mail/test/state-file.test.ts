import assert from "node:assert/strict";
import { on } from "node:events";
import { watch } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startMailSandbox } from "../index.ts";
import { CALENDAR, sender, startTestSandbox } from "./mail-fixture.ts";

const folder = await fs.mkdtemp(path.join(os.tmpdir(), "mail-sandbox-state-"));
after(() => fs.rm(folder, { recursive: true, force: true }));

test("without a state file nothing is written and nothing is restored", async () => {
  const sandbox = await startMailSandbox({ port: 0 });
  assert.equal(sandbox.restored, false);
  await sender(sandbox.smtpUrl).sendMail({ from: "a@confab.test", to: "b@guests.test", text: "x" });
  await sandbox.close();
  assert.deepEqual(await fs.readdir(folder), []);
});

test("a sandbox restarted on its state file still has its messages, and new ids follow on", async () => {
  const stateFile = path.join(folder, "restart", "mail.json");
  const first = await startMailSandbox({ port: 0, stateFile });
  assert.equal(first.restored, false);
  await sender(first.smtpUrl).sendMail({
    from: "host@confab.test",
    to: "ann@guests.test",
    subject: "Kept across restarts",
    text: "x",
    icalEvent: { method: "REQUEST", content: CALENDAR },
  });
  const [kept] = first.messages();
  assert.ok(kept);
  await first.close();
  assert.equal((await fs.stat(stateFile)).mode & 0o777, 0o600);

  const second = await startTestSandbox({ stateFile });
  assert.equal(second.restored, true);
  assert.deepEqual(second.messages(), [kept]);
  assert.deepEqual(second.message(kept.id)?.calendars, [{ method: "REQUEST", content: CALENDAR }]);
  assert.deepEqual(second.stats(), { accepted: 0, refused: 0 });
  await sender(second.smtpUrl).sendMail({ from: "a@confab.test", to: "b@guests.test", text: "y" });
  const ids = second.messages().map((m) => m.id);
  assert.equal(new Set(ids).size, 2, `ids are not reused: ${ids.join(", ")}`);
});

test("each message is written to the state file soon after it arrives, without waiting for close", async () => {
  const live = path.join(folder, "live");
  await fs.mkdir(live);
  const stateFile = path.join(live, "mail.json");
  const sandbox = await startTestSandbox({ stateFile });
  // Watched, not polled: the file appears by a rename once the batch is written. Events are
  // buffered from here on, so none is missed while the file is being read.
  const watcher = watch(live);
  after(() => watcher.close());
  const changes = on(watcher, "change");
  await sender(sandbox.smtpUrl).sendMail({
    from: "a@confab.test",
    to: "b@guests.test",
    subject: "Live",
    text: "x",
  });
  const read = () =>
    fs.readFile(stateFile, "utf8").then(
      (text) => JSON.parse(text) as { messages: { subject: string }[] },
      () => undefined,
    );
  let saved = await read();
  while (saved === undefined) {
    await changes.next();
    saved = await read();
  }
  assert.deepEqual(
    saved?.messages.map((m) => m.subject),
    ["Live"],
  );
});

test("messages cleared before a restart stay cleared", async () => {
  const stateFile = path.join(folder, "cleared.json");
  const first = await startMailSandbox({ port: 0, stateFile });
  await sender(first.smtpUrl).sendMail({ from: "a@confab.test", to: "b@guests.test", text: "x" });
  first.clear();
  await first.close();
  const second = await startTestSandbox({ stateFile });
  assert.equal(second.restored, true);
  assert.deepEqual(second.messages(), []);
});

test("a file that is not a mail sandbox state stops the start with a message saying what to do", async () => {
  const stateFile = path.join(folder, "foreign.json");
  await fs.writeFile(stateFile, JSON.stringify({ format: "zoom-sandbox-state" }));
  await assert.rejects(
    startMailSandbox({ port: 0, stateFile }),
    /remove it to start from an empty/,
  );
  await fs.writeFile(stateFile, "not json");
  await assert.rejects(startMailSandbox({ port: 0, stateFile }), /is not JSON/);
});
