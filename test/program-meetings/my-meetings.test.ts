import assert from "node:assert/strict";
import { test } from "node:test";
import type { User } from "../../src/accounts/create-user.ts";
import { readPreferences, savePreferences } from "../../src/accounts/preferences.ts";
import type { App } from "../../src/http/build-app.ts";
import {
  commandLineActor,
  loadOrgAccess,
  loadOrgAccessForCommandLine,
} from "../../src/orgs/load-org-access.ts";
import { addMember } from "../../src/orgs/members.ts";
import { assignProgramRole, type Program } from "../../src/orgs/programs.ts";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import {
  isNear,
  listMyMeetings,
  type MyMeetings,
  statusOf,
} from "../../src/program-meetings/my-meetings.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * My meetings: one list of every meeting a person is on, across their organizations and
 * programs (upcoming, past, cancelled), and every meeting time in the viewer's own zone with
 * the meeting's beside it. Acme's mentee reads times in Lagos, and is a mentee in Globex too.
 */
const world = await startConferencingWorld();
const { db } = world;
const app = world.confab.app as App;
const mail = await useMailCatcher();
const { acme, as, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member } = acme.users;
const globex = await seedTenant(db, "Globex");
const globexAccess = await loadOrgAccessForCommandLine(db, "globex");
await addMember(db, {
  organizationId: globex.organization.id,
  email: mentee.email,
  role: "member",
  actor: commandLineActor,
});
await assignProgramRole(db, globexAccess, globex.programs.p1, {
  email: mentee.email,
  role: "mentee",
  actor: commandLineActor,
});
await savePreferences(db, mentee.id, { timeZone: "Africa/Lagos", meetingMail: true });

const day = 86_400_000;
const dateIn = (ms: number) => new Date(Date.now() + ms).toISOString().slice(0, 10);
// 15 January: New York on standard time (UTC−5), Lagos on UTC+1 all year, whatever today is.
const today = new Date();
const nextJanuary = `${today.getUTCMonth() === 0 && today.getUTCDate() < 14 ? today.getUTCFullYear() : today.getUTCFullYear() + 1}-01-15`;

async function meeting(
  o: {
    org?: string;
    program?: Program;
    creator?: User;
    people?: User[];
  } & Partial<MeetingDraftFields>,
): Promise<string> {
  const creator = o.creator ?? mentor;
  const access =
    o.org === "globex"
      ? await loadOrgAccess(db, { userId: creator.id, isOperator: false }, "globex")
      : await as(creator);
  const program = o.program ?? p1;
  const prepared = await prepareProgramMeeting(
    deps,
    access,
    program,
    { userId: creator.id, email: creator.email, name: creator.name },
    {
      title: o.title ?? "Meeting",
      description: "",
      date: o.date ?? dateIn(day),
      time: o.time ?? "09:30",
      duration: o.duration ?? "45",
      timeZone: o.timeZone ?? "Europe/Paris",
      invitees: (o.people ?? [mentee]).map((u) => u.id),
      mode: o.mode ?? "phone",
    },
  );
  return (await saveProgramMeeting(db, access, program, prepared)).id;
}

const assigned = (id: string) =>
  eventually(
    async () => {
      const m = await loadProgramMeeting(db, await as(mentor), p1.id, id);
      return m.conferencing.state === "assigned" && m.conferencing.joinUrl ? m : undefined;
    },
    20_000,
    "the Zoom meeting",
  );

async function moveTo(id: string, startAt: Date, minutes: number, timeZone?: string) {
  await db
    .updateTable("events")
    .set({
      start_at: startAt,
      end_at: new Date(startAt.getTime() + minutes * 60_000),
      ...(timeZone ? { time_zone: timeZone } : {}),
    })
    .where("id", "=", id)
    .execute();
}

// A Zoom meeting on a winter afternoon in New York, seen from Lagos.
const careerChat = await meeting({
  title: "Career chat",
  mode: "zoom",
  date: nextJanuary,
  time: "14:30",
  timeZone: "America/New_York",
});
// A Zoom meeting starting in ten minutes: its join link is offered.
const standup = await meeting({ title: "Standup soon", mode: "zoom" });
const globexPlanning = await meeting({
  org: "globex",
  program: globex.programs.p1,
  creator: globex.users.mentor,
  title: "Globex planning",
  time: "10:00",
});
const lastWinter = await meeting({ title: "Last winter's review" });
const calledOff = await meeting({ title: "Called off", time: "12:00" });
const notYours = await meeting({ title: "Not yours", people: [member] });
const farAhead = await meeting({ title: "Far ahead", date: dateIn(40 * day) });

const careerChatMeeting = await assigned(careerChat);
const standupMeeting = await assigned(standup);
const soon = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 10 * 60_000);
await moveTo(standup, soon, 45);
await moveTo(lastWinter, new Date("2026-01-15T19:30:00Z"), 45, "America/New_York");
await cancelProgramMeeting(db, await as(mentor), p1.id, calledOff);
// Everything this file queued (Zoom, invitations) is done before anything is read.
await untilNoJobsLeft(
  db,
  {
    tasks: ["mail:send"],
    keys: [careerChat, standup, calledOff].flatMap((id) => [
      `invitations:${id}`,
      `provision:${id}`,
    ]),
  },
  "the meetings' jobs",
);

const titles = (list: MyMeetings[keyof MyMeetings]) => list.map((m) => m.meeting.title);
const menteeActor = { userId: mentee.id, isOperator: false };

/** The HTML of one section of My meetings, by its data-section. */
function sectionOf(body: string, name: string): string {
  const start = body.indexOf(`data-section="${name}"`);
  assert.ok(start >= 0, `a ${name} section`);
  return body.slice(start, body.indexOf("</section>", start));
}

test("my meetings hold what I am on across both organizations: upcoming soonest first, past, cancelled, and nobody else's", async () => {
  const mine = await listMyMeetings(db, menteeActor, new Date(soon.getTime() - 10 * 60_000));
  const upcoming = titles(mine.upcoming).filter((t) => t !== "Career chat");
  assert.deepEqual(upcoming, ["Standup soon", "Globex planning"]);
  assert.ok(titles(mine.past).includes("Last winter's review"));
  assert.deepEqual(titles(mine.cancelled), ["Called off"]);
  const everything = [...mine.upcoming, ...mine.past, ...mine.cancelled];
  for (const absent of ["Not yours", "Far ahead"]) {
    assert.ok(!everything.some((m) => m.meeting.title === absent), `${absent} is not listed`);
  }
  const planning = mine.upcoming.find((m) => m.meeting.id === globexPlanning);
  assert.equal(planning?.organization.slug, "globex");
  assert.equal(planning?.meeting.programName, "Leaders");
  assert.equal(planning?.joinUrl, undefined, "a phone meeting has no join link");
  const stand = mine.upcoming.find((m) => m.meeting.id === standup);
  assert.equal(stand?.joinUrl, standupMeeting.conferencing.joinUrl, "near: the join link");
  assert.deepEqual(stand?.status, { kind: "ready" });
  assert.equal(stand?.isHost, false);
  assert.ok(!everything.some((m) => m.meeting.id === farAhead || m.meeting.id === notYours));
});

test("the join link is offered from 15 minutes before the start until the end, and the status follows the clock", async () => {
  const at = (minutesFromStart: number) => new Date(soon.getTime() + minutesFromStart * 60_000);
  const early = await listMyMeetings(db, menteeActor, at(-16));
  assert.equal(early.upcoming.find((m) => m.meeting.id === standup)?.joinUrl, undefined);
  const during = await listMyMeetings(db, menteeActor, at(10));
  const running = during.upcoming.find((m) => m.meeting.id === standup);
  assert.deepEqual(running?.status, { kind: "in_progress" });
  assert.equal(running?.joinUrl, standupMeeting.conferencing.joinUrl);
  const after = await listMyMeetings(db, menteeActor, at(46));
  assert.ok(!titles(after.upcoming).includes("Standup soon"));
  const ended = after.past.find((m) => m.meeting.id === standup);
  assert.deepEqual(ended?.status, { kind: "ended" });
  assert.equal(ended?.joinUrl, undefined);
  // A meeting of last January, seen from then: upcoming, and the past list does not hold it.
  const then = await listMyMeetings(db, menteeActor, new Date("2026-01-15T19:00:00Z"));
  assert.ok(titles(then.upcoming).includes("Last winter's review"));
  assert.ok(!titles(then.past).includes("Last winter's review"));
});

test("a video meeting being made, or one that failed, says so (with the reason) before the clock", () => {
  const now = new Date(soon.getTime() + 60_000);
  const m = { ...standupMeeting, startAt: soon, endAt: new Date(soon.getTime() + 45 * 60_000) };
  assert.deepEqual(statusOf(m, now), { kind: "in_progress" });
  assert.deepEqual(statusOf({ ...m, conferencing: { ...m.conferencing, state: "pending" } }, now), {
    kind: "making",
  });
  const reason = "Zoom refused: the host reached today's limit of meetings.";
  assert.deepEqual(
    statusOf({ ...m, conferencing: { ...m.conferencing, state: "failing", reason } }, now),
    { kind: "failed", reason },
  );
  assert.deepEqual(statusOf({ ...m, cancelled: true }, now), { kind: "cancelled" });
  assert.equal(
    isNear({ ...m, cancelled: true }, now),
    false,
    "a cancelled meeting is never joined",
  );
});

test("the My meetings page: each card says program, organization, with whom, how long, its status, and the join link when near", async () => {
  const browser = webClient(app);
  await browser.signIn(mentee.email, password);
  const page = await browser.get("/meetings");
  assert.equal(page.status, 200);
  assert.match(page.body, /data-viewer-zone="Africa\/Lagos"/);
  assert.doesNotMatch(page.body, /data-time-zone-note/);
  const upcoming = sectionOf(page.body, "upcoming");
  assert.ok(upcoming.indexOf("Standup soon") < upcoming.indexOf("Globex planning"));
  assert.match(upcoming, /Leaders · Globex/);
  assert.match(upcoming, /Leaders · Acme/);
  const standupCard = upcoming.slice(upcoming.indexOf(`data-meeting="${standup}"`));
  assert.match(standupCard, /With mentor of Acme · You: Participant/);
  assert.match(standupCard, /45 minutes · Zoom video call/);
  assert.match(standupCard, /Link ready/);
  assert.ok(
    standupCard.includes(`href="${standupMeeting.conferencing.joinUrl}"`),
    "the join link of the meeting about to start",
  );
  assert.doesNotMatch(standupCard.slice(0, standupCard.indexOf("</li>")), /Start as host/);
  const past = sectionOf(page.body, "past");
  assert.match(past, /Last winter&#39;s review/);
  assert.match(past, /Thu, 15 Jan 2026, 20:30 \(Africa\/Lagos\)/);
  assert.match(past, /14:30 in America\/New_York/);
  assert.match(past, /title="Thu, 15 Jan 2026, 14:30 \(America\/New_York\) where it was planned"/);
  assert.match(sectionOf(page.body, "cancelled"), /Called off[\s\S]*Cancelled/);
  for (const absent of ["Not yours", "Far ahead"]) assert.ok(!page.body.includes(absent));
  // Reached from the top bar and the start page.
  assert.match(page.body, /<a href="\/meetings">My meetings<\/a>/);
  const home = await browser.get("/");
  assert.match(home.body, /href="\/meetings"/);
});

test("a mentee in Lagos sees 20:30 for a 14:30 New York meeting on its page, its program's card and in the mail", async () => {
  const browser = webClient(app);
  await browser.signIn(mentee.email, password);
  const base = `/o/acme/programs/${p1.id}`;
  const page = await browser.get(`${base}/meetings/${careerChat}`);
  assert.match(page.body, /, 20:30 \(Africa\/Lagos\)<\/time>/);
  assert.match(page.body, /\(14:30 in America\/New_York\)/);
  const program = await browser.get(base);
  const card = program.body.slice(program.body.indexOf(`data-meeting="${careerChat}"`));
  assert.match(
    card.slice(0, card.indexOf("</li>")),
    /20:30 \(Africa\/Lagos\)[\s\S]*45 minutes[\s\S]*With mentor of Acme/,
  );
  const invitation = mail
    .messagesTo(mentee.email)
    .find((m) => m.calendars.some((c) => c.content.includes(careerChat)));
  assert.match(
    invitation?.text ?? "",
    /When: .*20:30 \(Africa\/Lagos\) — .*14:30 \(America\/New_York\) where it was planned/,
  );
  assert.equal(careerChatMeeting.timeZone, "America/New_York");
});

test("without a chosen zone, times are in each meeting's own zone and the page offers to set one; a city will do, nonsense gets a 400", async () => {
  const browser = webClient(app);
  await browser.signIn(mentor.email, password);
  assert.equal((await readPreferences(db, mentor.id)).timeZone, null);
  const before = await browser.get("/meetings");
  assert.match(before.body, /data-time-zone-note/);
  assert.match(before.body, /data-suggest-browser-zone/);
  assert.match(sectionOf(before.body, "past"), /Thu, 15 Jan 2026, 14:30 \(America\/New_York\)/);
  const standupCard = sectionOf(before.body, "upcoming").slice(
    sectionOf(before.body, "upcoming").indexOf(`data-meeting="${standup}"`),
  );
  assert.match(standupCard, /Start as host/, "the host is offered the start link too");
  try {
    const refused = await browser.post("/account/time-zone", {
      timeZone: "Atlantis",
      next: "/meetings",
    });
    assert.equal(refused.status, 400);
    assert.match(refused.body, /&quot;Atlantis&quot; is not a time zone or a city confab knows/);
    const empty = await browser.post("/account/time-zone", { timeZone: " ", next: "/meetings" });
    assert.equal(empty.status, 400);
    const saved = await browser.post("/account/time-zone", {
      timeZone: "lagos",
      next: "/meetings",
    });
    assert.equal(saved.status, 303);
    assert.equal(saved.location, "/meetings");
    assert.equal((await readPreferences(db, mentor.id)).timeZone, "Africa/Lagos");
    const after = await browser.get("/meetings");
    assert.doesNotMatch(after.body, /data-time-zone-note/);
    assert.match(sectionOf(after.body, "past"), /Thu, 15 Jan 2026, 20:30 \(Africa\/Lagos\)/);
    const elsewhere = await browser.post("/account/time-zone", {
      timeZone: "Europe/Paris",
      next: "//evil.example/",
    });
    assert.equal(elsewhere.location, "/", "only back to a page of this site");
  } finally {
    await savePreferences(db, mentor.id, { timeZone: "", meetingMail: true });
  }
});

test("the account page takes a city for the time zone and refuses an unknown one with a clear message", async () => {
  const browser = webClient(app);
  await browser.signIn(member.email, password);
  const refused = await browser.post("/account/preferences", {
    timeZone: "Nowhere City",
    meetingMail: "on",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /&quot;Nowhere City&quot; is not a time zone or a city confab knows/);
  assert.match(refused.body, /value="Nowhere City"/, "what was typed stays in the field");
  const saved = await browser.post("/account/preferences", {
    timeZone: "paris",
    meetingMail: "on",
  });
  assert.equal(saved.status, 200);
  assert.equal((await readPreferences(db, member.id)).timeZone, "Europe/Paris");
  await savePreferences(db, member.id, { timeZone: "", meetingMail: true });
});

test("someone on none of these meetings has none in My meetings, in either organization", async () => {
  const outsider = await listMyMeetings(
    db,
    { userId: globex.users.member.id, isOperator: false },
    new Date(),
  );
  assert.deepEqual([...outsider.upcoming, ...outsider.past, ...outsider.cancelled], []);
});

test("in a browser, the note fills in the browser's own zone, and one click makes every time read in it", async () => {
  const browser = await launchBrowser();
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo" });
  const page = await context.newPage();
  try {
    await page.goto(`${world.confab.url}/sign-in?next=/meetings`);
    await page.getByLabel("Email").fill(member.email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/meetings");
    const field = page.locator("[data-time-zone-note] input[name=timeZone]");
    assert.equal(await field.inputValue(), "Asia/Tokyo");
    assert.equal((await readPreferences(db, member.id)).timeZone, null, "nothing saved by itself");
    await screenshot(page, "my-meetings-time-zone-note");
    await page.getByRole("button", { name: "Use this time zone" }).click();
    await page.waitForSelector("[data-viewer-zone='Asia/Tokyo']");
    await screenshot(page, "my-meetings-in-own-zone");
    const card = (await page.locator(`[data-meeting="${notYours}"]`).textContent()) ?? "";
    assert.match(card, /\(Asia\/Tokyo\)[\s\S]*09:30 in Europe\/Paris/);
  } finally {
    await context.close();
    await savePreferences(db, member.id, { timeZone: "", meetingMail: true });
  }
});
