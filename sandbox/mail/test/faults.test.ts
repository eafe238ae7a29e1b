import assert from "node:assert/strict";
import { after, test } from "node:test";
import { createTransport } from "nodemailer";
import { sender, startTestSandbox } from "./mail-fixture.ts";

const sandbox = await startTestSandbox();
const mail = sender(sandbox.smtpUrl);

const letter = (subject: string, to = "ann@guests.test") => ({
  from: "host@confab.test",
  to,
  subject,
  text: "x",
});

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
}

test("a message refused with 451 is not caught, and the next one is", async () => {
  sandbox.clear();
  const before = sandbox.stats();
  sandbox.faults.refuse({ code: 451, message: "4.3.0 try again later" });
  await assert.rejects(mail.sendMail(letter("Deferred")), (error: SmtpFailure) => {
    assert.equal(error.responseCode, 451);
    assert.match(error.response ?? "", /^451 4\.3\.0 try again later/);
    return true;
  });
  assert.deepEqual(sandbox.messages(), []);
  await mail.sendMail(letter("Retried"));
  assert.deepEqual(
    sandbox.messages().map((m) => m.subject),
    ["Retried"],
  );
  assert.deepEqual(sandbox.stats(), {
    accepted: before.accepted + 1,
    refused: before.refused + 1,
  });
});

test("a refusal lasts as many transactions as its times", async () => {
  sandbox.clear();
  sandbox.faults.refuse({ code: 421, message: "4.7.0 too busy", times: 2 });
  await assert.rejects(mail.sendMail(letter("First")), { responseCode: 421 });
  await assert.rejects(mail.sendMail(letter("Second")), { responseCode: 421 });
  await mail.sendMail(letter("Third"));
  assert.deepEqual(
    sandbox.messages().map((m) => m.subject),
    ["Third"],
  );
});

test("a recipient refused with 550 loses its copy while the other recipients get theirs", async () => {
  sandbox.clear();
  sandbox.faults.refuse({
    code: 550,
    message: "5.1.1 no such user",
    recipient: "Gone@Guests.test",
  });
  const info = await mail.sendMail(letter("Partly", "gone@guests.test, kept@guests.test"));
  assert.deepEqual(info.rejected, ["gone@guests.test"]);
  assert.deepEqual(info.accepted, ["kept@guests.test"]);
  const [message] = sandbox.messages();
  assert.deepEqual(message?.envelope.to, ["kept@guests.test"]);
  // The header still names both: the refusal is the envelope's business.
  assert.deepEqual(message?.to, ["gone@guests.test", "kept@guests.test"]);
  assert.deepEqual(sandbox.messagesTo("gone@guests.test"), []);
});

test("a message whose only recipient is refused with 550 fails as a permanent error", async () => {
  sandbox.clear();
  sandbox.faults.refuse({
    code: 550,
    message: "5.1.1 no such user",
    recipient: "gone@guests.test",
  });
  await assert.rejects(
    mail.sendMail(letter("Nobody left", "gone@guests.test")),
    (error: SmtpFailure) => {
      assert.equal(error.code, "EENVELOPE");
      assert.equal(error.responseCode, 550);
      assert.deepEqual(error.rejected, ["gone@guests.test"]);
      return true;
    },
  );
  assert.deepEqual(sandbox.messages(), []);
  // Used up: the same address is accepted next time.
  await mail.sendMail(letter("Back", "gone@guests.test"));
  assert.equal(sandbox.messagesTo("gone@guests.test").length, 1);
});

test("a refusal for one recipient leaves messages to others alone", async () => {
  sandbox.clear();
  sandbox.faults.refuse({
    code: 550,
    message: "5.1.1 no such user",
    recipient: "gone@guests.test",
  });
  await mail.sendMail(letter("Unaffected", "ann@guests.test"));
  assert.equal(sandbox.messages().length, 1);
  await assert.rejects(mail.sendMail(letter("Still refused", "gone@guests.test")), {
    responseCode: 550,
  });
});

test("a refusal needs a 4xx or 5xx code", () => {
  assert.throws(() => sandbox.faults.refuse({ code: 250, message: "ok" }), RangeError);
  assert.throws(
    () => sandbox.faults.refuse({ code: 451, message: "x", times: 0 }),
    /times must be/,
  );
});

test("a server that is down refuses connections, and is back on the same port after up()", async () => {
  sandbox.clear();
  await sandbox.faults.down();
  await assert.rejects(mail.sendMail(letter("While down")), (error: NodeJS.ErrnoException) => {
    assert.match(`${error.code} ${error.message}`, /ECONNREFUSED/);
    return true;
  });
  await sandbox.faults.down(); // already down: nothing to do
  await sandbox.faults.up();
  await mail.sendMail(letter("After up"));
  assert.deepEqual(
    sandbox.messages().map((m) => m.subject),
    ["After up"],
  );
  assert.equal(sandbox.smtpUrl, `smtp://127.0.0.1:${sandbox.port}`);
});

test("going down drops open connections with 421 rather than waiting for their clients", async () => {
  sandbox.clear();
  // A pooled transport keeps its connection open between messages.
  const pooled = createTransport({ pool: true, host: sandbox.host, port: sandbox.port });
  after(() => pooled.close());
  await pooled.sendMail(letter("Pooled"));
  await sandbox.faults.down();
  await assert.rejects(pooled.sendMail(letter("Pooled while down")));
  await sandbox.faults.up();
  await pooled.sendMail(letter("Pooled after up"));
  assert.deepEqual(
    sandbox.messages().map((m) => m.subject),
    ["Pooled", "Pooled after up"],
  );
});

test("a slow server's held reply still ends in 250, and the message is caught once", async () => {
  sandbox.clear();
  const before = sandbox.stats();
  sandbox.faults.delayMs(30);
  const info = await mail.sendMail(letter("Slow"));
  assert.match(info.response, /^250 /);
  assert.equal(sandbox.messages().length, 1);
  assert.equal(sandbox.stats().accepted, before.accepted + 1);
  sandbox.faults.delayMs(0);
});

test("faults.clear() ends pending refusals", async () => {
  sandbox.clear();
  sandbox.faults.refuse({ code: 451, message: "4.3.0 later", times: 5 });
  sandbox.faults.refuse({ code: 550, message: "5.1.1 no", recipient: "ann@guests.test" });
  sandbox.faults.clear();
  await mail.sendMail(letter("Clean"));
  assert.equal(sandbox.messages().length, 1);
});

test("a message above the size limit is refused with 552", async () => {
  sandbox.clear();
  const big = "x".repeat(76).concat("\r\n").repeat(140_000); // about 10.8 MB
  await assert.rejects(mail.sendMail({ ...letter("Too big"), text: big }), (error: SmtpFailure) => {
    assert.equal(error.responseCode, 552);
    return true;
  });
  assert.deepEqual(sandbox.messages(), []);
});
