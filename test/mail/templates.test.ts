import assert from "node:assert/strict";
import { test } from "node:test";
import type { RenderedMail } from "../../src/mail/outgoing-mail.ts";
import { invitationMail } from "../../src/mail/templates/invitation-mail.ts";
import { passwordResetMail } from "../../src/mail/templates/password-reset-mail.ts";
import { signInUnblockMail } from "../../src/mail/templates/sign-in-unblock-mail.ts";
import { verifyEmailMail } from "../../src/mail/templates/verify-email-mail.ts";

const link = "https://confab.example.com/x?token=abc";

/** What every mail must be: a subject, a text part and an accessible HTML part with the link. */
function assertWellFormed(mail: RenderedMail) {
  assert.ok(mail.subject.length > 0 && mail.subject.length < 120, mail.subject);
  assert.ok(mail.text.includes(link), "the text part carries the link");
  assert.ok(mail.html.includes(`href="${link}"`), "the HTML part links it");
  assert.match(mail.html, /<html lang="en">/);
  assert.match(mail.html, /<h1[^>]*>/);
  assert.doesNotMatch(mail.html, /<img|<script|src="http/i, "no images, scripts or remote content");
  assert.match(mail.text, /— confab\n$/);
}

test("an invitation says who invited, to which organization and role, and how long the link works", () => {
  const mail = invitationMail({
    organizationName: "Northwind <Mentoring>",
    inviter: "Grace Ito",
    roleInWords: "a member (mentee in Leadership track)",
    link,
    validDays: 7,
  });
  assertWellFormed(mail);
  assert.equal(mail.subject, "Grace Ito invited you to Northwind <Mentoring>");
  assert.match(
    mail.text,
    /Grace Ito invited you to join Northwind <Mentoring> on confab as a member \(mentee in Leadership track\)\./,
  );
  assert.match(mail.text, /works once, for 7 days/);
  assert.match(mail.html, /Northwind &lt;Mentoring&gt;/, "names are escaped in HTML");
});

test("a password reset mail says the link lasts 30 minutes and that ignoring it changes nothing", () => {
  const mail = passwordResetMail({ link, validMinutes: 30 });
  assertWellFormed(mail);
  assert.match(mail.text, /works once, for 30 minutes/);
  assert.match(mail.text, /ignore this mail: your password stays as it is/);
});

test("a confirmation mail says what an unconfirmed address cannot do", () => {
  const mail = verifyEmailMail({ link, validDays: 3 });
  assertWellFormed(mail);
  assert.match(mail.text, /cannot host meetings in an organization's Zoom/);
});

test("an unblock mail counts the failures and offers a new password as well", () => {
  const mail = signInUnblockMail({
    unblockLink: link,
    resetLink: "https://confab.example.com/forgot-password",
    failures: 7,
  });
  assertWellFormed(mail);
  assert.match(mail.text, /There were 7 failed attempts/);
  assert.match(mail.text, /https:\/\/confab\.example\.com\/forgot-password/);
});
