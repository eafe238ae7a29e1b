import assert from "node:assert/strict";
import net from "node:net";
import { createInterface } from "node:readline";
import { test } from "node:test";
import { startTestSandbox } from "./mail-fixture.ts";

const sandbox = await startTestSandbox();

/** A bare SMTP client: what the server says, reply by reply (RFC 5321 section 4.2). */
async function converse(port: number) {
  const socket = net.connect(port, "127.0.0.1");
  const lines = createInterface({ input: socket })[Symbol.asyncIterator]();
  const reply = async () => {
    const received: string[] = [];
    for (;;) {
      const line = await lines.next();
      assert.ok(!line.done, `connection closed after ${JSON.stringify(received)}`);
      received.push(line.value);
      if (/^\d{3}( |$)/.test(line.value)) return received;
    }
  };
  const send = (command: string) => {
    socket.write(`${command}\r\n`);
    return reply();
  };
  return { reply, send, end: () => socket.end() };
}

test("the server greets as confab's mail sandbox and offers SIZE and AUTH but no STARTTLS", async () => {
  const smtp = await converse(sandbox.port);
  const [greeting] = await smtp.reply();
  assert.match(greeting ?? "", /^220 localhost ESMTP confab mail sandbox/);
  const ehlo = await smtp.send("EHLO client.test");
  assert.ok(
    ehlo.every((line) => line.startsWith("250")),
    ehlo.join("\n"),
  );
  const keywords = ehlo.slice(1).map((line) => line.slice(4));
  assert.ok(keywords.includes("SIZE 10485760"), keywords.join(", "));
  assert.ok(keywords.includes("8BITMIME"));
  assert.ok(keywords.some((keyword) => /^AUTH\b.*\bPLAIN\b/.test(keyword)));
  assert.ok(!keywords.some((keyword) => keyword.startsWith("STARTTLS")));
  assert.match((await smtp.send("QUIT"))[0] ?? "", /^221/);
  smtp.end();
});

test("a transaction typed by hand is caught with its envelope, and DATA ends in 250", async () => {
  const smtp = await converse(sandbox.port);
  await smtp.reply();
  await smtp.send("EHLO client.test");
  assert.match((await smtp.send("MAIL FROM:<>"))[0] ?? "", /^250/);
  assert.match((await smtp.send("RCPT TO:<Postmaster@Guests.test>"))[0] ?? "", /^250/);
  assert.match((await smtp.send("DATA"))[0] ?? "", /^354/);
  const done = await smtp.send("Subject: By hand\r\n\r\nHello.\r\n.");
  assert.match(done[0] ?? "", /^250 Ok: caught as msg_\d+$/);
  await smtp.send("QUIT");
  smtp.end();
  const [message] = sandbox.messagesTo("postmaster@guests.test");
  assert.deepEqual(message?.envelope, { from: "", to: ["postmaster@guests.test"] });
  assert.equal(message?.subject, "By hand");
  assert.equal(message?.from, "");
  assert.equal(message?.messageId, undefined);
  assert.equal(message?.raw, "Subject: By hand\r\n\r\nHello.\r\n");
});
