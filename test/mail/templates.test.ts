import assert from "node:assert/strict";
import { test } from "node:test";
import type { RenderedMail } from "../../src/mail/outgoing-mail.ts";
import {
  integrationBrokenMail,
  profileBrokenMail,
} from "../../src/mail/templates/connection-broken-mail.ts";
import { emailChangeConfirmMail } from "../../src/mail/templates/email-change-confirm-mail.ts";
import { emailChangedMail } from "../../src/mail/templates/email-changed-mail.ts";
import { invitationMail } from "../../src/mail/templates/invitation-mail.ts";
import { meetingFailedMail } from "../../src/mail/templates/meeting-failed-mail.ts";
import { meetingInvitationMail } from "../../src/mail/templates/meeting-invitation-mail.ts";
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

test("a meeting invitation states the time in the recipient's zone and the planner's, the join link, and carries its calendar part", () => {
  const calendar = {
    method: "REQUEST" as const,
    content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
    filename: "x.ics",
  };
  const mail = meetingInvitationMail({
    change: "updated",
    title: "Career <chat>",
    description: "Bring questions",
    start: new Date("2026-12-08T13:30:00Z"),
    end: new Date("2026-12-08T14:15:00Z"),
    meetingTimeZone: "Europe/Paris",
    recipientTimeZone: "Africa/Lagos",
    modeLabel: "Zoom video call",
    joinUrl: "https://zoom.example/j/1",
    hostName: "Maya Chen",
    recipientRole: "Join it with the link.",
    programName: "Leadership track",
    organizationName: "Northwind",
    meetingUrl: link,
    calendar,
  });
  assertWellFormed(mail);
  assert.match(mail.subject, /^Updated invitation: Career <chat> — /);
  assert.match(
    mail.text,
    /When: Tue, 8 Dec 2026, 14:30 \(Africa\/Lagos\) — Tue, 8 Dec 2026, 14:30 \(Europe\/Paris\) where it was planned, 45 minutes\./,
  );
  assert.match(mail.text, /Join: https:\/\/zoom\.example\/j\/1/);
  assert.match(mail.html, /Career &lt;chat&gt;/);
  assert.deepEqual(mail.calendar, calendar);
});

test("the alerts name what stopped, why, and the one place to fix it", () => {
  const broken = integrationBrokenMail({
    provider: "zoom",
    providerName: "Zoom",
    organizationName: "Northwind",
    reason: "the install was removed in Zoom.",
    integrationsUrl: link,
  });
  assertWellFormed(broken);
  assert.match(broken.text, /meetings already made keep their links/);
  const profile = profileBrokenMail({
    provider: "zoom",
    providerName: "Zoom",
    providerEmail: "leo@zoom.example",
    reason: "access was revoked.",
    reconnectUrl: link,
  });
  assertWellFormed(profile);
  assert.match(profile.text, /your Zoom account leo@zoom\.example/);
  const failed = meetingFailedMail({
    title: "Goal setting",
    start: new Date("2026-12-08T09:00:00Z"),
    timeZone: "Europe/Paris",
    modeLabel: "Zoom video call",
    reason: "Invalid meeting topic.",
    meetingUrl: link,
  });
  assertWellFormed(failed);
  assert.match(failed.text, /Tue, 8 Dec 2026, 10:00 \(Europe\/Paris\).*Invalid meeting topic\./);
});

test("a Microsoft Teams alert names Microsoft Teams and says how Microsoft takes the connection back: Reconnect, or consent again after My Apps", () => {
  const profile = profileBrokenMail({
    provider: "ms_teams",
    providerName: "Microsoft Teams",
    providerEmail: "leo@acme.example",
    reason: "Microsoft no longer accepts this connection; reconnect Microsoft Teams.",
    reconnectUrl: link,
  });
  assertWellFormed(profile);
  assert.equal(profile.subject, "Your Microsoft Teams connection stopped working");
  assert.match(profile.text, /your Microsoft Teams account leo@acme\.example/);
  assert.match(
    profile.text,
    /choose Reconnect next to the profile and sign in to Microsoft as leo@acme\.example/,
  );
  assert.match(profile.text, /removed from your apps under My Apps .*consent again/);
  assert.doesNotMatch(profile.text, /Zoom/);
  const install = integrationBrokenMail({
    provider: "ms_teams",
    providerName: "Microsoft Teams",
    organizationName: "Northwind",
    reason: "admin consent was withdrawn.",
    integrationsUrl: link,
  });
  assertWellFormed(install);
  assert.match(install.text, /Manage → Integrations → Microsoft Teams/);
  assert.match(install.text, /Global Administrator or Privileged Role Administrator/);
  assert.doesNotMatch(install.text, /Zoom|admin or owner/);
});

test("a confirmation of a new address names the account it is for and says nothing changes without it", () => {
  const mail = emailChangeConfirmMail({ currentEmail: "ada@old.example", link, validHours: 24 });
  assertWellFormed(mail);
  assert.equal(mail.subject, "Confirm your new address for confab");
  assert.match(mail.text, /The confab account of ada@old\.example asked to use this address/);
  assert.match(mail.text, /works once, for 24 hours\. Until it is used, the account keeps/);
  assert.match(mail.text, /ignore this mail: nothing changes/);
});

test("the old address is told to which address the account moved, and what to do if it was not its owner", () => {
  const mail = emailChangedMail({ oldEmail: "ada@old.example", newEmail: "a<d>a@new.example" });
  assert.ok(mail.subject.length > 0 && mail.subject.length < 120);
  assert.match(mail.html, /<html lang="en">/);
  assert.doesNotMatch(
    mail.html,
    /<img|<script|src="http|<a /i,
    "no link to follow: it acts on nothing",
  );
  assert.match(mail.text, /changed from ada@old\.example to a<d>a@new\.example/);
  assert.match(mail.html, /a&lt;d&gt;a@new\.example/, "addresses are escaped in HTML");
  assert.match(mail.text, /If this was not you, someone who knows your password changed it/);
  assert.match(mail.text, /— confab\n$/);
});
