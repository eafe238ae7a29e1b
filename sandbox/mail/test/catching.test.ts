import assert from "node:assert/strict";
import { test } from "node:test";
import { simpleParser } from "mailparser";
import { CALENDAR, sender, startTestSandbox } from "./mail-fixture.ts";

const sandbox = await startTestSandbox();
const mail = sender(sandbox.smtpUrl);

test("the sandbox listens on loopback and names itself an smtp URL nodemailer can use", () => {
  assert.equal(sandbox.host, "127.0.0.1");
  assert.ok(sandbox.port > 0);
  assert.equal(sandbox.smtpUrl, `smtp://127.0.0.1:${sandbox.port}`);
  assert.equal(sandbox.restored, false);
});

test("an invitation's text, HTML and calendar parts are caught and readable", async () => {
  const info = await mail.sendMail({
    from: '"Confab" <Host@Confab.test>',
    to: "Ann <Ann@Guests.test>",
    cc: "bob@guests.test",
    subject: "Invitation: Planning – café",
    text: "You are invited.",
    html: "<p>You are <b>invited</b>.</p>",
    icalEvent: { method: "REQUEST", content: CALENDAR },
  });
  const [id] = /caught as (msg_\d+)/.exec(info.response)?.slice(1) ?? [];
  assert.ok(id, info.response);
  const message = sandbox.message(id);
  assert.ok(message);
  assert.match(message.id, /^msg_\d+$/);
  assert.ok(!Number.isNaN(Date.parse(message.receivedAt)));
  assert.deepEqual(message.envelope, {
    from: "host@confab.test",
    to: ["ann@guests.test", "bob@guests.test"],
  });
  assert.equal(message.from, "host@confab.test");
  assert.deepEqual(message.to, ["ann@guests.test"]);
  assert.deepEqual(message.cc, ["bob@guests.test"]);
  assert.equal(message.subject, "Invitation: Planning – café");
  assert.equal(message.text, "You are invited.");
  assert.equal(message.html, "<p>You are <b>invited</b>.</p>");
  assert.deepEqual(message.calendars, [{ method: "REQUEST", content: CALENDAR }]);

  // nodemailer sends the event twice: as an alternative and as invite.ics.
  const calendarPart = message.attachments.find((part) => part.contentType === "text/calendar");
  assert.equal(calendarPart?.method, "REQUEST");
  const ics = message.attachments.find((part) => part.filename === "invite.ics");
  assert.equal(ics?.contentType, "application/ics");
  assert.equal(ics?.method, undefined);
  assert.equal(Buffer.from(ics?.content ?? "", "base64").toString("utf8"), CALENDAR);

  assert.equal(message.headers.subject, "Invitation: Planning – café");
  assert.equal(message.headers["mime-version"], "1.0");
  assert.match(message.headers["content-type"] ?? "", /^multipart\/mixed;/);
  assert.match(message.headers.from ?? "", /<Host@confab\.test>$/i);
});

test("the Message-ID the sender set is the messageId reported, without angle brackets", async () => {
  await mail.sendMail({
    from: "host@confab.test",
    to: "ann@guests.test",
    subject: "With an id",
    text: "x",
    messageId: "<booking-42.1700000000@confab.test>",
  });
  const message = sandbox.messages().at(-1);
  assert.equal(message?.messageId, "booking-42.1700000000@confab.test");
  assert.equal(message?.headers["message-id"], "<booking-42.1700000000@confab.test>");
});

test("an HTML-only message has no text, and a text-only one no HTML: nothing is made up", async () => {
  await mail.sendMail({ from: "a@confab.test", to: "z@guests.test", html: "<p>only html</p>" });
  await mail.sendMail({ from: "a@confab.test", to: "z@guests.test", text: "only text" });
  const [htmlOnly, textOnly] = sandbox.messagesTo("z@guests.test");
  assert.equal(htmlOnly?.text, undefined);
  // A single-part body keeps the line break that ends the message.
  assert.equal(htmlOnly?.html?.trimEnd(), "<p>only html</p>");
  assert.equal(textOnly?.text?.trimEnd(), "only text");
  assert.equal(textOnly?.html, undefined);
  assert.equal(textOnly?.subject, "");
});

test("messagesTo goes by the envelope, so Bcc recipients find their copy and case does not matter", async () => {
  await mail.sendMail({
    from: "host@confab.test",
    to: "visible@guests.test",
    bcc: "Hidden@Guests.test",
    subject: "Seen by two",
    text: "x",
  });
  const [copy] = sandbox.messagesTo("HIDDEN@guests.test");
  assert.equal(copy?.subject, "Seen by two");
  assert.deepEqual(copy?.to, ["visible@guests.test"]);
  assert.ok(!copy?.raw.toLowerCase().includes("hidden@guests.test"), "Bcc is not in the message");
  assert.deepEqual(
    sandbox.messagesTo("visible@guests.test").map((m) => m.id),
    [copy?.id],
  );
  assert.deepEqual(sandbox.messagesTo("nobody@guests.test"), []);
});

test("the raw message is the RFC 5322 message as received, for tests that parse it themselves", async () => {
  await mail.sendMail({
    from: "host@confab.test",
    to: "raw@guests.test",
    subject: "Raw",
    text: "line one\r\n.line starting with a dot",
  });
  const [message] = sandbox.messagesTo("raw@guests.test");
  assert.ok(message);
  assert.match(message.raw, /^[\s\S]*\r\n\r\n/);
  const reparsed = await simpleParser(message.raw);
  assert.equal(reparsed.subject, "Raw");
  // SMTP dot-stuffing (RFC 5321 section 4.5.2) is undone before the message is kept.
  assert.equal(reparsed.text?.trimEnd(), "line one\n.line starting with a dot");
});

test("credentials in the transport URL are accepted, whatever they are", async () => {
  const withLogin = sender(`smtp://someone:any-password@127.0.0.1:${sandbox.port}`);
  const info = await withLogin.sendMail({
    from: "host@confab.test",
    to: "auth@guests.test",
    subject: "Signed in",
    text: "x",
  });
  assert.deepEqual(info.accepted, ["auth@guests.test"]);
  assert.equal(sandbox.messagesTo("auth@guests.test").length, 1);
});

test("messages are kept oldest first, and clear() empties the mailbox without reusing ids", async () => {
  const before = sandbox.messages();
  assert.ok(before.length >= 2);
  const numbers = before.map((m) => Number(m.id.slice(4)));
  assert.deepEqual(
    numbers,
    [...numbers].sort((a, b) => a - b),
  );
  sandbox.clear();
  assert.deepEqual(sandbox.messages(), []);
  assert.equal(sandbox.message(before[0]?.id ?? ""), undefined);
  await mail.sendMail({ from: "a@confab.test", to: "b@guests.test", subject: "After", text: "x" });
  const [after] = sandbox.messages();
  assert.ok(Number(after?.id.slice(4)) > Math.max(...numbers));
});

test("only the newest maxMessages messages are kept", async () => {
  const small = await startTestSandbox({ maxMessages: 2 });
  const smallMail = sender(small.smtpUrl);
  for (const subject of ["one", "two", "three"]) {
    await smallMail.sendMail({ from: "a@confab.test", to: "b@guests.test", subject, text: "x" });
  }
  assert.deepEqual(
    small.messages().map((m) => m.subject),
    ["two", "three"],
  );
  assert.deepEqual(small.stats(), { accepted: 3, refused: 0 });
});
