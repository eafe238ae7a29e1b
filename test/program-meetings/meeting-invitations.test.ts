import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { savePreferences } from "../../src/accounts/preferences.ts";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";

/**
 * Program meetings reach people's calendars: the host and every invitee are mailed an iCalendar
 * invitation once the meeting (and its Zoom link) exists, an update with the same UID and a
 * higher SEQUENCE on every change, and a CANCEL when the meeting or their place on it goes.
 */
const world = await startConferencingWorld();
const { db } = world;
const mail = await useMailCatcher();
const { acme, as, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member } = acme.users;

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const fields = (over: Partial<MeetingDraftFields> = {}): MeetingDraftFields => ({
  title: "Career chat",
  description: "First talk",
  date: tomorrow,
  time: "09:30",
  duration: "45",
  timeZone: "Europe/Paris",
  invitees: [mentee.id, member.id],
  mode: "zoom",
  ...over,
});
const creator = { userId: mentor.id, email: mentor.email, name: mentor.name };

async function save(over: Partial<MeetingDraftFields> = {}, existingId?: string) {
  const access = await as(mentor);
  const prepared = await prepareProgramMeeting(deps, access, p1, creator, fields(over));
  return saveProgramMeeting(db, access, p1, prepared, existingId);
}

/** Waits, without sleeping on a guess, until the meeting's invitation job has nothing left to do. */
const invitationsSettled = (eventId: string) =>
  untilNoJobsLeft(
    db,
    { tasks: ["mail:send"], keys: [`invitations:${eventId}`, `provision:${eventId}`] },
    "the invitation mails",
  );

function calendarOf(message: CaughtMessage) {
  const part = message.calendars[0];
  assert.ok(part, `a calendar part in "${message.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(part.content));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent("vevent");
  assert.ok(vevent);
  const event = new ICAL.Event(vevent);
  return {
    method: String(calendar.getFirstPropertyValue("method")),
    partMethod: part.method,
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    tzid: vevent.getFirstProperty("dtstart")?.getParameter("tzid"),
    location: String(vevent.getFirstPropertyValue("location") ?? ""),
    attendees: vevent
      .getAllProperties("attendee")
      .map((a) =>
        String(a.getFirstValue())
          .replace(/^mailto:/i, "")
          .toLowerCase(),
      )
      .sort(),
    status: String(vevent.getFirstPropertyValue("status") ?? ""),
  };
}

const about = (id: string) => (m: CaughtMessage) => m.calendars.some((c) => c.content.includes(id));
const mailsTo = (email: string, eventId: string) => mail.messagesTo(email).filter(about(eventId));

test("once the Zoom meeting exists, its host and every invitee get one invitation with the join link, in the meeting's zone", async () => {
  const { id } = await save();
  const meeting = await eventually(async () => {
    const m = await loadProgramMeeting(db, await as(mentor), p1.id, id);
    return m.conferencing.joinUrl ? m : undefined;
  });
  await invitationsSettled(id);
  for (const person of [mentor, mentee, member]) {
    const mails = mailsTo(person.email, id);
    assert.equal(mails.length, 1, `${person.email} gets one invitation`);
    const invitation = mails[0] as CaughtMessage;
    assert.match(invitation.subject, /^Invitation: Career chat — /);
    const ics = calendarOf(invitation);
    assert.equal(ics.method, "REQUEST");
    assert.equal(ics.partMethod, "REQUEST");
    assert.equal(ics.sequence, 0);
    assert.equal(ics.tzid, "Europe/Paris");
    assert.equal(ics.start.getTime(), meeting.startAt.getTime());
    assert.equal(ics.location, meeting.conferencing.joinUrl);
    assert.deepEqual(ics.attendees, [mentee.email, member.email, mentor.email].sort());
    assert.ok(invitation.text?.includes(meeting.conferencing.joinUrl ?? "?"));
    assert.doesNotMatch(invitation.raw, /\/s\/\d+/, "never a host's start link");
  }
  assert.match(mailsTo(mentor.email, id)[0]?.text ?? "", /You host this meeting/);
  assert.match(mailsTo(member.email, id)[0]?.text ?? "", /alternative host/);
});

test("a reschedule sends everyone an update with the same UID and a higher SEQUENCE; an unchanged save sends nothing", async () => {
  const { id } = await save({ mode: "phone" });
  await invitationsSettled(id);
  const first = calendarOf(mailsTo(mentee.email, id)[0] as CaughtMessage);
  await save({ mode: "phone", time: "11:00" }, id);
  await invitationsSettled(id);
  const updates = mailsTo(mentee.email, id);
  assert.equal(updates.length, 2);
  const update = calendarOf(updates[1] as CaughtMessage);
  assert.equal(update.uid, first.uid);
  assert.equal(update.sequence, 1);
  assert.equal(update.location, "Phone");
  assert.match(updates[1]?.subject ?? "", /^Updated invitation: Career chat/);
  const accepted = mail.stats().accepted;
  await save({ mode: "phone", time: "11:00" }, id);
  await invitationsSettled(id);
  assert.equal(mail.stats().accepted, accepted, "nothing changed, nothing is sent");
});

test("removing an invitee sends them a CANCEL, and cancelling the meeting sends one to everyone left", async () => {
  const { id } = await save({ mode: "phone" });
  await invitationsSettled(id);
  await save({ mode: "phone", invitees: [mentee.id] }, id);
  await invitationsSettled(id);
  const removed = mailsTo(member.email, id);
  assert.equal(removed.length, 2);
  const cancel = calendarOf(removed[1] as CaughtMessage);
  assert.equal(cancel.method, "CANCEL");
  assert.equal(cancel.status, "CANCELLED");
  assert.equal(cancel.sequence, 1);
  await cancelProgramMeeting(db, await as(mentor), p1.id, id);
  await invitationsSettled(id);
  for (const person of [mentor, mentee]) {
    const last = mailsTo(person.email, id).at(-1) as CaughtMessage;
    const ics = calendarOf(last);
    assert.equal(ics.method, "CANCEL");
    assert.equal(ics.sequence, 2);
    assert.match(last.subject, /^Cancelled: Career chat/);
  }
  assert.equal(mailsTo(member.email, id).length, 2, "the removed invitee is not told twice");
});

test("times in the mail are in the recipient's own time zone, and someone who turned meeting mails off gets none", async () => {
  await savePreferences(db, mentee.id, { timeZone: "Africa/Lagos", meetingMail: true });
  await savePreferences(db, member.id, { timeZone: "", meetingMail: false });
  try {
    const { id } = await save({ mode: "phone", time: "14:30", timeZone: "America/New_York" });
    await invitationsSettled(id);
    const invitation = mailsTo(mentee.email, id)[0];
    assert.match(
      invitation?.text ?? "",
      /When: .*20:30 \(Africa\/Lagos\) — .*14:30 \(America\/New_York\) where it was planned/,
    );
    assert.equal(mailsTo(member.email, id).length, 0);
    assert.equal(mailsTo(mentor.email, id).length, 1);
  } finally {
    await savePreferences(db, member.id, { timeZone: "", meetingMail: true });
    await savePreferences(db, mentee.id, { timeZone: "", meetingMail: true });
  }
});
