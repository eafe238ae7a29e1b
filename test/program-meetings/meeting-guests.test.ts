import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { DomainError } from "../../src/domain-error.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import { guestsSwitch } from "../../src/program-meetings/guests-allowed.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { setProgramSwitch } from "../../src/program-meetings/program-switch.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Guests from outside the program, where the program allows them: mailed the calendar
 * invitation with the join link, its updates and its cancellation like any invitee, by mail
 * only; never an account, never a host.
 */
const world = await startConferencingWorld();
const { confab, db, zoom } = world;
const mail = await useMailCatcher();
const { acme, as, actor, deps, sandboxMeeting } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member, programAdmin } = acme.users;
// A licensed user of Acme's Zoom account who has no role in the program: were guests sent to
// the hosting plan, this one would become an alternative host.
const outsider = "ada.outside@partner.example";
await zoom.control("POST", "/users", {
  email: outsider,
  account_id: zoom.accounts.paid,
  type: 2,
  role: "member",
});
const otherGuest = "bola@elsewhere.example";

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const fields = (over: Partial<MeetingDraftFields> = {}): MeetingDraftFields => ({
  title: "Partner intro",
  description: "Meet our partner",
  date: tomorrow,
  time: "10:00",
  duration: "30",
  timeZone: "Europe/Paris",
  invitees: [mentee.id, member.id],
  mode: "zoom",
  guests: `Ada Outside <${outsider}>\n${otherGuest}`,
  ...over,
});
const creator = { userId: mentor.id, email: mentor.email, name: mentor.name };

const allowGuests = async (allowed: boolean) =>
  setProgramSwitch(db, await as(programAdmin), p1, guestsSwitch, {
    allowed: String(allowed),
    actor,
  });

async function save(over: Partial<MeetingDraftFields> = {}, existingId?: string) {
  const access = await as(mentor);
  const existing = existingId ? await loadProgramMeeting(db, access, p1.id, existingId) : undefined;
  const prepared = await prepareProgramMeeting(deps, access, p1, creator, fields(over), existing);
  return saveProgramMeeting(db, access, p1, prepared, existingId);
}

const invitationsSettled = (eventId: string) =>
  untilNoJobsLeft(
    db,
    { tasks: ["mail:send"], keys: [`invitations:${eventId}`, `provision:${eventId}`] },
    "the invitation mails",
  );

function calendarOf(message: CaughtMessage) {
  const part = message.calendars[0];
  assert.ok(part, `a calendar part in "${message.subject}"`);
  const vevent = new ICAL.Component(ICAL.parse(part.content)).getFirstSubcomponent("vevent");
  assert.ok(vevent);
  return {
    method: part.method,
    sequence: Number(vevent.getFirstPropertyValue("sequence")),
    location: String(vevent.getFirstPropertyValue("location") ?? ""),
    attendees: vevent
      .getAllProperties("attendee")
      .map((a) =>
        String(a.getFirstValue())
          .replace(/^mailto:/i, "")
          .toLowerCase(),
      )
      .sort(),
  };
}

const about = (id: string) => (m: CaughtMessage) => m.calendars.some((c) => c.content.includes(id));
const mailsTo = (email: string, eventId: string) => mail.messagesTo(email).filter(about(eventId));

async function refusal(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError && error.fields) return error.fields;
    throw error;
  }
  assert.fail("the meeting was saved");
}

test("a guest gets the invitation with the join link, then the update and the CANCEL, by mail only and without an account", async () => {
  await allowGuests(true);
  const { id } = await save();
  const meeting = await eventually(async () => {
    const m = await loadProgramMeeting(db, await as(mentor), p1.id, id);
    return m.conferencing.joinUrl ? m : undefined;
  });
  const joinUrl = meeting.conferencing.joinUrl as string;
  assert.deepEqual(
    meeting.guests.map((g) => [g.email, g.name]),
    [
      [outsider, "Ada Outside"],
      [otherGuest, ""],
    ],
  );
  await invitationsSettled(id);
  const invitation = mailsTo(outsider, id);
  assert.equal(invitation.length, 1, "one invitation");
  const first = invitation[0] as CaughtMessage;
  assert.match(first.subject, /^Invitation: Partner intro — /);
  assert.match(
    first.text ?? "",
    /mentor of Acme invites you as a guest to a meeting of Leaders \(Acme\)\./,
  );
  assert.ok(first.text?.includes(joinUrl), "the join link is in the text");
  const ics = calendarOf(first);
  assert.equal(ics.method, "REQUEST");
  assert.equal(ics.sequence, 0);
  assert.equal(ics.location, joinUrl);
  assert.deepEqual(
    ics.attendees,
    [mentor.email, mentee.email, member.email, outsider, otherGuest].sort(),
  );
  // Nothing in it leads into confab: no meeting page, no sign-in, no account settings.
  assert.doesNotMatch(first.raw, new RegExp(confab.url.replace(/[.:/]/g, "\\$&")));
  assert.doesNotMatch(first.text ?? "", /sign in|Your account/i);
  assert.doesNotMatch(first.raw, /\/s\/\d+/, "never a host's start link");
  assert.equal(mailsTo(otherGuest, id).length, 1);
  assert.match(mailsTo(mentee.email, id)[0]?.text ?? "", /Open the meeting in confab/);

  await save({ time: "11:00" }, id);
  await invitationsSettled(id);
  const update = mailsTo(outsider, id)[1] as CaughtMessage;
  assert.match(update.subject, /^Updated invitation: Partner intro/);
  assert.equal(calendarOf(update).sequence, 1);
  assert.equal(calendarOf(update).method, "REQUEST");

  // A guest taken off the meeting is sent a CANCEL; the others, the update.
  await save({ time: "11:00", guests: outsider }, id);
  await invitationsSettled(id);
  const removed = mailsTo(otherGuest, id).at(-1) as CaughtMessage;
  assert.equal(calendarOf(removed).method, "CANCEL");
  assert.match(removed.text ?? "", /to which mentor of Acme invited you, is cancelled/);

  await cancelProgramMeeting(db, await as(mentor), p1.id, id);
  await invitationsSettled(id);
  const cancel = mailsTo(outsider, id).at(-1) as CaughtMessage;
  assert.match(cancel.subject, /^Cancelled: Partner intro/);
  assert.equal(calendarOf(cancel).method, "CANCEL");
  assert.equal(mailsTo(otherGuest, id).length, 3, "the removed guest is not told twice");

  const accounts = await db
    .selectFrom("users")
    .select("id")
    .where("email", "in", [outsider, otherGuest])
    .execute();
  assert.deepEqual(accounts, [], "no account is made for a guest");
});

test("a guest who is a licensed user of the organization's Zoom never becomes an alternative host", async () => {
  await allowGuests(true);
  const { id } = await save({ guests: outsider });
  const meeting = await eventually(async () => {
    const m = await loadProgramMeeting(db, await as(mentor), p1.id, id);
    return m.conferencing.meetingId ? m : undefined;
  });
  const inZoom = await sandboxMeeting(meeting.conferencing.meetingId as string);
  assert.equal(inZoom?.host_email, mentor.email);
  assert.equal(inZoom?.settings.alternative_hosts, member.email);
  assert.doesNotMatch(inZoom?.settings.alternative_hosts ?? "", /outside/);
  await invitationsSettled(id);
  assert.doesNotMatch(mailsTo(outsider, id)[0]?.text ?? "", /alternative host|You host/);
});

test("an address of someone in the program is refused as a guest: they are chosen under Invitees", async () => {
  await allowGuests(true);
  const problems = await refusal(save({ guests: `${outsider}\n${mentee.email.toUpperCase()}` }));
  assert.equal(problems.guests, `${mentee.email} is in the program: choose them under Invitees.`);
  const notAddress = await refusal(save({ guests: "ada at partner" }));
  assert.match(notAddress.guests ?? "", /Check “ada at partner”: Enter an email address/);
  const many = Array.from({ length: 21 }, (_, i) => `guest${i}@partner.example`).join("\n");
  assert.equal((await refusal(save({ guests: many }))).guests, "Invite at most 20 guests.");
});

test("guests are refused while the program does not allow them, also when it stopped between the review and the save", async () => {
  await allowGuests(false);
  const problems = await refusal(save());
  assert.match(problems.guests ?? "", /^Leaders does not allow guests from outside the program/);

  await allowGuests(true);
  const access = await as(mentor);
  const prepared = await prepareProgramMeeting(deps, access, p1, creator, fields());
  await allowGuests(false);
  const late = await refusal(saveProgramMeeting(db, access, p1, prepared));
  assert.match(late.guests ?? "", /does not allow guests/);
  await allowGuests(true);
});

test("a program admin allows guests in the settings, with an audit entry; the form then takes them and the pages list them as guests", async () => {
  await allowGuests(false);
  const app = confab.app as NonNullable<typeof confab.app>;
  const admin = webClient(app);
  await admin.signIn(programAdmin.email, password);
  const settings = `/o/acme/programs/${p1.id}/settings`;
  assert.match(
    (await admin.get(`${settings}/permissions`)).body,
    /Guests from outside the program/,
  );
  const saved = await admin.post(`${settings}/guests`, { guestsAllowed: "true" });
  assert.equal(saved.status, 303);
  const entry = await db
    .selectFrom("audit_entries")
    .select(["action", "subject_label"])
    .where("action", "=", "program.guests_allowed")
    .executeTakeFirst();
  assert.deepEqual(entry, { action: "program.guests_allowed", subject_label: "Leaders" });

  const browser = webClient(app);
  await browser.signIn(mentor.email, password);
  const form = await browser.get(`/o/acme/programs/${p1.id}/meetings/new`);
  assert.match(form.body, /Guests \(email addresses outside the program\)/);
  const typed = {
    title: "Partner lunch",
    description: "",
    date: tomorrow,
    time: "12:00",
    duration: "60",
    timeZone: "Europe/Paris",
    invitees: mentee.id,
    guests: `Ada Outside <${outsider}>`,
  };
  // With Zoom, the review before saving names the guest.
  const review = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...typed,
    mode: "zoom",
  });
  assert.equal(review.status, 200);
  assert.match(review.body, /data-role="guest"[\s\S]*Ada Outside[\s\S]*Guest/);
  assert.match(review.body, new RegExp(`name="guests" value="Ada Outside &lt;${outsider}&gt;"`));
  const made = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...typed,
    mode: "phone",
  });
  assert.equal(made.status, 303);
  const page = await browser.get(made.location as string);
  assert.match(
    page.body,
    new RegExp(`data-person="${outsider}" data-guest>[\\s\\S]*?Guest</span>`),
  );
  const meetingPage = (made.location as string).split("?")[0];
  assert.match(
    (await browser.get(`${meetingPage}/cancel`)).body,
    /data-cancel-told>[^<]*<time[\s\S]*?, with\s+1 invitee and 1 guest: each is sent the cancellation\./,
    "the cancel dialog counts the guest among those told",
  );

  await admin.post(`${settings}/guests`, { guestsAllowed: "false" });
  const refused = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...typed,
    mode: "phone",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Leaders does not allow guests from outside the program/);
});

test("the organization API takes guests by address and name, keeps them on a change that leaves them out, and refuses a member as one", async () => {
  await allowGuests(true);
  const made = await createApplication(
    db,
    world.vault,
    await loadOrgAccessForCommandLine(db, "acme"),
    {
      name: "Acme guests app",
      redirectUris: [],
      actor: commandLineActor,
    },
  );
  const basic = `Basic ${Buffer.from(`${made.application.clientId}:${made.clientSecret}`).toString("base64")}`;
  const call = async (method: string, path: string, body: unknown) => {
    const reply = await fetch(`${confab.url}/v1/organization/programs/${p1.id}/meetings${path}`, {
      method,
      headers: {
        authorization: basic,
        "confab-member": mentor.email,
        "content-type": "application/json",
      },
      body: JSON.stringify(body),
    });
    return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
  };
  const meeting = {
    title: "Partner call",
    date: tomorrow,
    time: "15:00",
    tzid: "Europe/Paris",
    duration_minutes: 30,
    invitees: [mentee.email],
    meeting_mode: "phone",
  };
  const created = await call("POST", "", {
    ...meeting,
    guests: [{ email: otherGuest, name: "Bola, of Elsewhere" }],
  });
  assert.equal(created.status, 201);
  assert.deepEqual(created.body.guests, [{ email: otherGuest, name: "Bola of Elsewhere" }]);
  const changed = await call("PUT", `/${created.body.meeting_id}`, { ...meeting, time: "16:00" });
  assert.equal(changed.status, 200);
  assert.deepEqual(changed.body.guests, [{ email: otherGuest, name: "Bola of Elsewhere" }]);
  const refused = await call("POST", "", { ...meeting, guests: [{ email: member.email }] });
  assert.equal(refused.status, 422);
  assert.match(JSON.stringify(refused.body), /is in the program: choose them under Invitees/);
});
