import assert from "node:assert/strict";
import { test } from "node:test";
import { startMailSandbox } from "../index.ts";
import { sender, startTestSandbox } from "./mail-fixture.ts";

const sandbox = await startTestSandbox();
const mail = sender(sandbox.smtpUrl);

test("waitFor resolves with a message that arrives after it was called", async () => {
  const waiting = sandbox.waitFor((m) => m.subject === "Later");
  await mail.sendMail({ from: "a@confab.test", to: "b@guests.test", subject: "Sooner", text: "x" });
  await mail.sendMail({ from: "a@confab.test", to: "b@guests.test", subject: "Later", text: "x" });
  const message = await waiting;
  assert.equal(message.subject, "Later");
  assert.equal(message, sandbox.messages().at(-1));
});

test("waitFor resolves at once with a message already caught, the first that matches", async () => {
  const message = await sandbox.waitFor((m) => m.envelope.to.includes("b@guests.test"));
  assert.equal(message.subject, "Sooner");
});

test("waitFor rejects after its timeout, saying what it waited for and what did arrive", async () => {
  await assert.rejects(
    sandbox.waitFor((m) => m.subject === "Never sent", { timeoutMs: 20 }),
    (error: Error) => {
      assert.match(error.message, /waited 20 ms/);
      assert.match(error.message, /m\.subject === "Never sent"/);
      assert.match(error.message, /2 messages arrived/);
      assert.match(error.message, /to b@guests\.test "Sooner"/);
      return true;
    },
  );
});

test("a description, when given, names what was waited for", async () => {
  const empty = await startTestSandbox();
  await assert.rejects(
    empty.waitFor(() => false, { timeoutMs: 1, description: "the invitation to ann" }),
    /matching the invitation to ann; no message arrived/,
  );
});

test("a predicate that throws rejects the wait with its error", async () => {
  const rejected = assert.rejects(
    sandbox.waitFor((m) => {
      if (m.subject === "Boom") throw new Error("predicate failed");
      return false;
    }),
    /predicate failed/,
  );
  await mail.sendMail({ from: "a@confab.test", to: "b@guests.test", subject: "Boom", text: "x" });
  await rejected;
});

test("closing the sandbox ends pending waits instead of leaving them to time out", async () => {
  const closing = await startMailSandbox({ port: 0 });
  const waiting = closing.waitFor(() => true, { timeoutMs: 60_000 });
  await closing.close();
  await assert.rejects(waiting, /closed before a matching message arrived/);
});
