import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import ICAL from "ical.js";
import { sql } from "kysely";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import type { User } from "../../src/accounts/create-user.ts";
import { savePreferences } from "../../src/accounts/preferences.ts";
import { meetingEvent } from "../../src/calendar-feed/meeting-event.ts";
import { personalFeed } from "../../src/calendar-feed/personal-feed.ts";
import type { App } from "../../src/http/build-app.ts";
import { createLogger } from "../../src/logging/create-logger.ts";
import { calendarText } from "../../src/mail/calendar-events.ts";
import { loadOrgAccess } from "../../src/orgs/load-org-access.ts";
import { assignProgramRole, type Program } from "../../src/orgs/programs.ts";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Each person's program meetings reach the calendar apps they subscribe: a secret feed address
 * under Your account, an .ics download and a text to copy on each meeting's page. Everything
 * runs through the app as started for real, with every log line of web and worker kept.
 */
const logLines: string[] = [];
const logger = createLogger(
  "trace",
  new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  }),
);
const confab = await startTestApp({ web: true, worker: true }, { logger });
const app = confab.app as App;
const db = confab.database.db;
const mail = confab.mail;
assert.ok(mail);
const deps = { db, vault: openVault(confab.config), providers: createProviders(confab.config, db) };
const acme = await seedTenant(db, "Acme");
const globex = await seedTenant(db, "Globex");
const { p1 } = acme.programs;
const { mentor, member, mentee, programAdmin, orgAdmin } = acme.users;
await assignProgramRole(db, await loadOrgAccess(db, actor(orgAdmin), "acme"), p1, {
  email: member.email,
  role: "mentee",
  actor: { userId: orgAdmin.id, label: orgAdmin.email },
});

function actor(user: User) {
  return { userId: user.id, isOperator: false };
}

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
async function meeting(
  org: string,
  program: Program,
  host: User,
  invitees: User[],
  title: string,
  time: string,
): Promise<string> {
  const access = await loadOrgAccess(db, actor(host), org);
  const prepared = await prepareProgramMeeting(
    deps,
    access,
    program,
    { userId: host.id, email: host.email, name: host.name },
    {
      title,
      description: "Bring questions",
      date: tomorrow,
      time,
      duration: "45",
      timeZone: "Europe/Paris",
      invitees: invitees.map((i) => i.id),
      mode: "phone",
    },
  );
  return (await saveProgramMeeting(db, access, program, prepared)).id;
}

const careerChat = await meeting("acme", p1, mentor, [member], "Career chat", "09:30");
const roadmap = await meeting("acme", p1, programAdmin, [mentor], "Roadmap review", "10:30");
const elsewhere = await meeting(
  "globex",
  globex.programs.p1,
  globex.users.mentor,
  [globex.users.programAdmin],
  "Globex planning",
  "11:00",
);
const called = await meeting("acme", p1, mentor, [member], "Called off", "12:00");
const longAgo = await meeting("acme", p1, mentor, [member], "Long ago", "13:00");
await sql`update events set start_at = now() - interval '41 days', end_at = now() - interval '41 days' + interval '45 minutes' where id = ${longAgo}`.execute(
  db,
);

/** The calendar mail about a meeting to a person, once it has come. */
const calendarMail = (email: string, eventId: string, method: string) =>
  mail.waitFor(
    (m) =>
      m.envelope.to.includes(email) &&
      m.calendars.some((c) => c.method === method && c.content.includes(eventId)),
    { description: `the ${method} of ${eventId} to ${email}` },
  );

function read(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const events = calendar.getAllSubcomponents("vevent").map((vevent) => ({
    uid: String(vevent.getFirstPropertyValue("uid")),
    summary: String(vevent.getFirstPropertyValue("summary")),
    sequence: Number(vevent.getFirstPropertyValue("sequence") ?? 0),
    status: String(vevent.getFirstPropertyValue("status") ?? ""),
    start: new ICAL.Event(vevent).startDate.toJSDate(),
    attendees: vevent.getAllProperties("attendee").length,
  }));
  return { method: String(calendar.getFirstPropertyValue("method")), events };
}
const uidIn = (message: CaughtMessage) => read(message.calendars[0]?.content ?? "").events[0];

// Cancelled once its invitation is out, so that there is a CANCEL to compare the feed with.
await calendarMail(member.email, called, "REQUEST");
await cancelProgramMeeting(db, await loadOrgAccess(db, actor(mentor), "acme"), p1.id, called);

/** Every feed address handed out in this file, rotated ones too: none may reach a log. */
const feedAddresses = new Set<string>();

/** Makes the person's feed through Your account and returns its address, as the page shows it. */
async function feedOf(user: User) {
  const browser = webClient(app);
  await browser.signIn(user.email, password);
  const before = await browser.get("/account");
  assert.match(before.body, /Make my calendar feed/);
  const made = await browser.post("/account/calendar-feed");
  assert.equal(made.status, 303);
  const page = await browser.get(made.location as string);
  assert.match(page.body, /Your calendar feed is ready/);
  const url = /id="feed-url" value="([^"]+)"/.exec(page.body)?.[1] as string;
  const webcal = /id="feed-webcal" value="([^"]+)"/.exec(page.body)?.[1] as string;
  assert.ok(url?.startsWith(`${confab.url}/calendar/feed/`), url);
  assert.equal(webcal, url.replace(/^http:/, "webcal:"));
  feedAddresses.add(url);
  return { browser, url };
}

test("a person's feed lists exactly their meetings, with the mailed invitations' UIDs and SEQUENCEs", async () => {
  const { url } = await feedOf(member);
  const reply = await fetch(url);
  assert.equal(reply.status, 200);
  assert.equal(reply.headers.get("content-type"), "text/calendar; charset=utf-8");
  assert.equal(reply.headers.get("cache-control"), "private, max-age=300");
  const body = await reply.text();
  const feed = read(body);
  assert.equal(feed.method, "PUBLISH");
  const refresh = body.indexOf("REFRESH-INTERVAL;VALUE=DURATION:PT60M\r\n");
  assert.ok(refresh > 0 && refresh < body.indexOf("BEGIN:VTIMEZONE"), "asked to refresh hourly");
  assert.deepEqual(
    feed.events.map((e) => e.summary),
    ["Career chat", "Called off"],
    "not another person's, not another organization's, nothing older than 30 days",
  );
  const invitation = uidIn(await calendarMail(member.email, careerChat, "REQUEST"));
  const chat = feed.events[0];
  assert.equal(chat?.uid, invitation?.uid);
  assert.equal(chat?.uid, `${careerChat}@127.0.0.1`);
  assert.equal(chat?.sequence, invitation?.sequence);
  assert.equal(chat?.status, "CONFIRMED");
  assert.equal(chat?.attendees, 0, "a published calendar asks nobody to answer");
  const cancel = uidIn(await calendarMail(member.email, called, "CANCEL"));
  const off = read(await (await fetch(url)).text()).events[1];
  assert.equal(off?.status, "CANCELLED", "a subscribed calendar drops it");
  assert.equal(off?.uid, cancel?.uid);
  assert.equal(off?.sequence, cancel?.sequence);
});

test("the host's feed has the meetings they host and those they are invited to", async () => {
  const feed = read(await personalFeed(db, { userId: mentor.id, publicUrl: confab.url }));
  assert.deepEqual(
    feed.events.map((e) => e.summary),
    ["Career chat", "Roadmap review", "Called off"],
  );
  assert.ok(!feed.events.some((e) => e.uid.startsWith(elsewhere)));
  assert.ok(feed.events.some((e) => e.uid.startsWith(roadmap)));
});

test("a meeting's join link is in its published event, and not once the meeting is cancelled", () => {
  const base = {
    id: "evt_1",
    title: "Career chat",
    description: "",
    startAt: new Date("2026-07-14T13:30:00Z"),
    endAt: new Date("2026-07-14T14:15:00Z"),
    timeZone: "Europe/Paris",
    modeLabel: "Zoom video call",
    organizer: { name: "Ada", email: "ada@example.com" },
    joinUrl: "https://zoom.us/j/81234567890?pwd=abc",
    cancelled: false,
    sequence: 2,
  };
  const text = (cancelled: boolean) =>
    calendarText({
      method: "PUBLISH",
      events: [meetingEvent({ ...base, cancelled }, "https://confab.example")],
    });
  const vevent = (t: string) =>
    new ICAL.Component(ICAL.parse(t)).getFirstSubcomponent("vevent") as ICAL.Component;
  const live = vevent(text(false));
  assert.equal(live.getFirstPropertyValue("url"), base.joinUrl);
  assert.equal(live.getFirstPropertyValue("location"), base.joinUrl);
  assert.equal(live.getFirstPropertyValue("uid"), "evt_1@confab.example");
  assert.equal(live.getFirstPropertyValue("sequence"), 2);
  const gone = text(true);
  assert.doesNotMatch(gone.replace(/\r\n /g, ""), /zoom\.us/);
  assert.equal(vevent(gone).getFirstPropertyValue("location"), "Zoom video call");
});

test("rotating the feed makes the old address a 404 and the new one work, after a page that says so", async () => {
  const { browser, url: old } = await feedOf(mentee);
  assert.equal((await fetch(old)).status, 200);
  const ask = await browser.get("/account/calendar-feed/rotate");
  assert.equal(ask.status, 200);
  assert.match(ask.body, /the old one stops working/);
  const rotated = await browser.post("/account/calendar-feed/rotate");
  assert.equal(rotated.status, 303);
  const page = await browser.get(rotated.location as string);
  assert.match(page.body, /the old one stopped working/);
  const fresh = /id="feed-url" value="([^"]+)"/.exec(page.body)?.[1] as string;
  feedAddresses.add(fresh);
  assert.notEqual(fresh, old);
  const gone = await fetch(old);
  assert.equal(gone.status, 404);
  assert.match(gone.headers.get("content-type") ?? "", /^text\/plain/);
  assert.match(await gone.text(), /There is no calendar feed at this address/);
  assert.equal((await fetch(fresh)).status, 200);
  assert.equal((await fetch(`${confab.url}/calendar/feed/made-up.ics`)).status, 404);
});

test("a feed's secret never appears in the logs of web or worker", async () => {
  const { url } = await feedOf(programAdmin);
  assert.equal((await fetch(url)).status, 200);
  const secrets = [...feedAddresses].map((address) =>
    (address.split("/").at(-1) as string).replace(/\.ics$/, ""),
  );
  assert.ok(secrets.length >= 4 && secrets.every((s) => s.length >= 40));
  const logs = logLines.join("");
  for (const secret of secrets) assert.ok(!logs.includes(secret), "a feed's secret was logged");
  assert.match(logs, /"url":"\/calendar\/feed\/\[redacted\]"/, "the request is logged, blanked");
});

test("an invitee downloads the meeting as an .ics file and copies it as text in their own time zone; others find nothing", async () => {
  await savePreferences(db, member.id, { timeZone: "Africa/Lagos", meetingMail: true });
  const meetingPath = `/o/acme/programs/${p1.id}/meetings/${careerChat}`;
  const browser = webClient(app);
  await browser.signIn(member.email, password);
  const page = await browser.get(meetingPath);
  assert.match(page.body, new RegExp(`href="${meetingPath}/invitation.ics"[^>]*>Add to calendar`));
  const copied = /<textarea id="invitation-text"[^>]*>([^<]*)<\/textarea>/.exec(page.body)?.[1];
  assert.ok(copied, "the invitation to copy");
  assert.match(
    copied,
    /^Career chat\nWhen: .*\(Africa\/Lagos\) — .*09:30 \(Europe\/Paris\) where it was planned, 45 minutes\nHow: Phone\nHost: mentor of Acme &lt;mentor@acme.example&gt;\nLeaders · Acme\n\nBring questions$/,
  );
  assert.match(page.body, /src="\/assets\/copy-text.js"/);

  const file = await browser.get(`${meetingPath}/invitation.ics`);
  assert.equal(file.status, 200);
  assert.equal(file.headers["content-type"], "text/calendar; charset=utf-8");
  assert.equal(file.headers["content-disposition"], 'attachment; filename="career-chat.ics"');
  const ics = read(file.body);
  assert.equal(ics.method, "PUBLISH");
  assert.equal(ics.events[0]?.uid, `${careerChat}@127.0.0.1`);

  const outsider = webClient(app);
  await outsider.signIn(globex.users.orgAdmin.email, password);
  assert.equal((await outsider.get(`${meetingPath}/invitation.ics`)).status, 404);
  const notOnIt = webClient(app);
  await notOnIt.signIn(mentee.email, password);
  const refused = await notOnIt.get(`${meetingPath}/invitation.ics`);
  assert.ok(refused.status >= 400 && !refused.body.includes("BEGIN:VCALENDAR"));
  assert.equal(refused.status, (await notOnIt.get(meetingPath)).status, "as for its page");
  const signedOut = await webClient(app).get(`${meetingPath}/invitation.ics`);
  assert.equal(signedOut.status, 303);
});
