import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { personalFeed } from "../../src/calendar-feed/personal-feed.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import {
  at,
  formIn,
  laterFour,
  programSeries,
  type ZoomSeries,
} from "../support/program-series.ts";

/**
 * One meeting of a series moved on its own is one change of that Zoom occurrence and an
 * exception (RECURRENCE-ID) in the invitation; a change of the whole series keeps its
 * cancellations, at Zoom too, and says which moves it undoes.
 */
const world = await startConferencingWorld();
const { confab, db, zoom } = world;
const mail = await useMailCatcher();
const { acme } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentee } = acme.users;
const meetings = `/o/acme/programs/${p1.id}/meetings`;

const {
  weekly: series,
  calls,
  zoomSeries,
  settled,
  seriesMade,
  splitConfirmed,
} = await programSeries(world, acme);
/** Tuesdays and Thursdays at 10:00 in New York, 8 times from Tuesday 4 March 2031, on Zoom. */
const weekly = { ...series, mode: "zoom" };

test("moving one meeting of a series changes only that Zoom occurrence, and the updated invitation names it by RECURRENCE-ID", async () => {
  const { browser, page, eventId } = await seriesMade("Moved office hours");
  const third = at("2031-03-11T14:00:00Z");
  const patchesBefore = (await calls("PATCH")).length;

  const form = await browser.get(`${page}/occurrences/${third}/change`);
  assert.equal(form.status, 200);
  assert.match(form.body, /Change this meeting only/);
  const moved = await browser.post(`${page}/occurrences/${third}/change`, {
    date: "2031-03-12",
    time: "15:30",
    duration: "60",
  });
  assert.equal(moved.status, 303);
  await settled(eventId);

  const patches = (await calls("PATCH")).slice(patchesBefore);
  assert.equal(patches.length, 1, "one PATCH, of that occurrence only");
  assert.equal(new URLSearchParams(patches[0]?.query).get("occurrence_id"), third);
  const series = await zoomSeries("Moved office hours");
  const atZoom = series?.occurrences?.find((o) => o.occurrence_id === third);
  assert.equal(atZoom?.start_time, "2031-03-12T19:30:00Z", "it keeps its id, at its new time");
  assert.equal(atZoom?.duration, 60);
  assert.equal(series?.occurrences?.filter((o) => o.duration === 45).length, 7);

  const shown = (await browser.get(page)).body;
  assert.match(shown, new RegExp(`data-occurrence="${third}" data-status="moved"`));

  const update = await eventually(async () =>
    mail
      .messagesTo(mentee.email)
      .filter((m: CaughtMessage) => m.calendars.some((c) => c.content.includes(eventId)))
      .find((m) => m.calendars.some((c) => c.content.includes("RECURRENCE-ID"))),
  );
  const content = update.calendars[0]?.content ?? "";
  assert.match(content, /\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU;COUNT=8\r\n/);
  assert.match(content, /\r\nRECURRENCE-ID;TZID=America\/New_York:20310311T100000\r\n/);
  assert.match(content, /\r\nDTSTART;TZID=America\/New_York:20310312T153000\r\n/);
  assert.equal(content.match(/\r\nSEQUENCE:1\r\n/g)?.length, 2, "both VEVENTs raise SEQUENCE");
  assert.match(update.text ?? "", /Weekly on Tuesday and Thursday, 8 times: .* and 2 more/);

  // A calendar reads it as the series with that one meeting moved.
  const calendar = new ICAL.Component(ICAL.parse(content));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const [master, exception] = calendar.getAllSubcomponents("vevent");
  assert.ok(master && exception);
  const event = new ICAL.Event(master);
  event.relateException(new ICAL.Event(exception));
  const iterator = event.iterator();
  const starts: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    starts.push(event.getOccurrenceDetails(next).startDate.toJSDate().toISOString());
  }
  assert.equal(starts[2], "2031-03-12T19:30:00.000Z");
  assert.equal(starts.length, 8);

  const feed = await personalFeed(db, { userId: mentee.id, publicUrl: confab.url });
  const inFeed = feed.split("BEGIN:VEVENT").filter((v) => v.includes(eventId));
  assert.equal(inFeed.length, 2, "the series and its moved meeting, in the person's feed");
  assert.match(inFeed[0] ?? "", /\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU;COUNT=8\r\n/);
  assert.match(inFeed[1] ?? "", /\r\nRECURRENCE-ID;TZID=America\/New_York:20310311T100000\r\n/);
});

test("a meeting cannot be moved into the past, onto another meeting's day, or once it has started, and nothing is sent to Zoom", async () => {
  const { browser, page, eventId } = await seriesMade("Refused moves");
  const second = at("2031-03-06T15:00:00Z");
  const patchesBefore = (await calls("PATCH")).length;

  const past = await browser.post(`${page}/occurrences/${second}/change`, {
    date: "2020-01-07",
    time: "10:00",
    duration: "45",
  });
  assert.equal(past.status, 400);
  assert.match(past.body, /only be moved to a time in the future/);

  const taken = await browser.post(`${page}/occurrences/${second}/change`, {
    date: "2031-03-11",
    time: "12:00",
    duration: "45",
  });
  assert.equal(taken.status, 400);
  assert.match(taken.body, /Another meeting of the series is on that day/);

  const badTime = await browser.post(`${page}/occurrences/${second}/change`, {
    date: "2031-03-07",
    time: "25:00",
    duration: "7",
  });
  assert.equal(badTime.status, 400);
  assert.match(badTime.body, /Enter a time like 09:30/);
  assert.match(badTime.body, /Choose a duration from the list/);

  // As if its time had come: the meeting is under way.
  await db
    .updateTable("event_occurrences")
    .set({ start_at: new Date(Date.now() - 10 * 60_000) })
    .where("event_id", "=", eventId)
    .where("occurrence_id", "=", second)
    .execute();
  const started = await browser.post(`${page}/occurrences/${second}/change`, {
    date: "2031-03-07",
    time: "10:00",
    duration: "45",
  });
  assert.equal(started.status, 409);
  assert.match(started.body, /That meeting has started/);
  assert.equal((await browser.get(`${page}/occurrences/${second}/change`)).status, 409);
  assert.doesNotMatch(
    (await browser.get(page)).body,
    new RegExp(`occurrences/${second}/change`),
    "a started meeting offers no change",
  );

  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
  assert.equal((await calls("PATCH")).length, patchesBefore, "nothing sent to Zoom");
  const series = await zoomSeries("Refused moves");
  assert.equal(series?.occurrences?.find((o) => o.occurrence_id === second)?.duration, 45);
});

test("changing the whole series deletes its cancelled meeting again at Zoom, keeps it cancelled, and says the moves are undone", async () => {
  const { browser, page, eventId } = await seriesMade("Rescheduled series");
  const second = at("2031-03-06T15:00:00Z");
  assert.equal((await browser.post(`${page}/occurrences/${second}/cancel`)).status, 303);
  for (const [id, date] of [
    [at("2031-03-18T14:00:00Z"), "2031-03-19"],
    [at("2031-03-25T14:00:00Z"), "2031-03-26"],
  ] as const) {
    const moved = await browser.post(`${page}/occurrences/${id}/change`, {
      date,
      time: "10:00",
      duration: "45",
    });
    assert.equal(moved.status, 303);
  }
  await settled(eventId);
  const patchesBefore = (await calls("PATCH")).length;
  const deletesBefore = (await calls("DELETE")).length;

  // Every meeting an hour later.
  const change = { ...weekly, title: "Rescheduled series", time: "11:00" };
  const review = await browser.post(page, change);
  assert.equal(review.status, 200);
  assert.match(review.body, /Editing the whole series resets the 2 meetings moved one by one/);
  const saved = await browser.post(page, { ...formIn(review.body, page), step: "save" });
  assert.equal(saved.status, 303);
  await settled(eventId);

  const patches = (await calls("PATCH")).slice(patchesBefore);
  assert.equal(patches.length, 1, "one PATCH, of the series");
  assert.equal(new URLSearchParams(patches[0]?.query).get("occurrence_id"), null);
  const deletes = (await calls("DELETE")).slice(deletesBefore);
  const secondNow = at("2031-03-06T16:00:00Z");
  assert.deepEqual(
    deletes.map((d) => new URLSearchParams(d.query).get("occurrence_id")),
    [secondNow],
    "the cancelled meeting, deleted again under its new id",
  );
  const series = await zoomSeries("Rescheduled series");
  assert.deepEqual(
    (series?.occurrences ?? []).filter((o) => o.status === "deleted").map((o) => o.occurrence_id),
    [secondNow],
  );
  assert.equal(
    (series?.occurrences ?? []).filter((o) => o.status !== "deleted").length,
    7,
    "no cancelled meeting comes back",
  );

  const shown = (await browser.get(page)).body;
  assert.match(shown, new RegExp(`data-occurrence="${secondNow}" data-status="cancelled"`));
  const feed = await personalFeed(db, { userId: mentee.id, publicUrl: confab.url });
  assert.match(feed, /\r\nEXDATE:20310306T160000Z\r\n/, "the feed excludes it too");
  assert.doesNotMatch(shown, /data-status="moved"/);
  const stored = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id", "status"])
    .where("event_id", "=", eventId)
    .where("status", "!=", "cancelled")
    .execute();
  assert.equal(stored.length, 7);
  assert.ok(
    stored.every((o) => o.provider_occurrence_id === o.occurrence_id),
    "each meeting knows its new Zoom occurrence",
  );
});

test("changing this and following ends the series before that meeting and makes a second Zoom series from it, whose meetings together are the dates", async () => {
  const { browser, page, eventId } = await seriesMade("Split series");
  const fifth = at("2031-03-18T14:00:00Z");
  const choices = await browser.get(`${page}/occurrences/${fifth}/change`);
  assert.match(choices.body, /This and following/);
  const form = await browser.get(`${page}/occurrences/${fifth}/following`);
  assert.equal(form.status, 200);
  assert.match(form.body, /a new join link/);
  const createsBefore = (await calls("POST")).filter((c) => c.path.endsWith("/meetings")).length;

  const following = `${page}/occurrences/${fifth}/following`;
  const review = await browser.post(following, { ...formIn(form.body, following), ...laterFour });
  assert.equal(review.status, 200, "a review before the split");
  const { newPage, newId } = await splitConfirmed({ browser, eventId }, following, review.body);
  const creates = (await calls("POST")).filter((c) => c.path.endsWith("/meetings"));
  assert.equal(creates.length - createsBefore, 1, "one new Zoom meeting");

  const all = await zoom.control<(ZoomSeries & { join_url: string })[]>("GET", "/meetings");
  const both = all.filter((m) => m.topic === "Split series");
  assert.equal(both.length, 2, "two Zoom meetings");
  const available = (m: ZoomSeries | undefined) =>
    (m?.occurrences ?? []).filter((o) => o.status !== "deleted").map((o) => o.start_time);
  const [first, second] = both.sort((a, b) => a.start_time.localeCompare(b.start_time));
  assert.deepEqual(available(first), [
    "2031-03-04T15:00:00Z",
    "2031-03-06T15:00:00Z",
    "2031-03-11T14:00:00Z",
    "2031-03-13T14:00:00Z",
  ]);
  assert.deepEqual(available(second), [
    "2031-03-18T15:00:00Z",
    "2031-03-20T15:00:00Z",
    "2031-03-25T15:00:00Z",
    "2031-03-27T15:00:00Z",
  ]);
  assert.notEqual(first?.join_url, second?.join_url, "the new series has its own link");

  const row = await db
    .selectFrom("events")
    .select(["continues_event_id"])
    .where("id", "=", newId)
    .executeTakeFirstOrThrow();
  assert.equal(row.continues_event_id, eventId);
  const oldShown = (await browser.get(page)).body;
  assert.equal([...oldShown.matchAll(/data-occurrence="/g)].length, 4);
  assert.match(oldShown, /Weekly on Tuesday and Thursday, 4 times/);
  const newShown = (await browser.get(newPage)).body;
  assert.equal([...newShown.matchAll(/data-occurrence="/g)].length, 4);
  // Each page links the other: where the first series goes on, and what the second continues.
  assert.match(
    oldShown,
    new RegExp(`Continued from Tue 18 Mar as <a href="${meetings}/${newId}">Split series</a>`),
  );
  assert.match(
    newShown,
    new RegExp(`Continues <a href="${meetings}/${eventId}">Split series</a> from Tue 18 Mar`),
  );
});

test("the first meeting of a series cannot be split off, and a new series may not begin before the meetings kept", async () => {
  const { browser, page } = await seriesMade("Unsplit series");
  const first = at("2031-03-04T15:00:00Z");
  const fifth = at("2031-03-18T14:00:00Z");
  const atFirst = await browser.post(`${page}/occurrences/${first}/following`, {
    date: "2031-03-04",
    time: "10:00",
    duration: "45",
    repeats: "weekly",
    weekDays: "2",
    ends: "count",
    endCount: "2",
  });
  assert.equal(atFirst.status, 409);
  assert.match(atFirst.body, /change the whole series instead/);
  const early = await browser.post(`${page}/occurrences/${fifth}/following`, {
    date: "2031-03-12",
    time: "10:00",
    duration: "45",
    repeats: "weekly",
    weekDays: "3",
    ends: "count",
    endCount: "2",
  });
  assert.equal(early.status, 400);
  assert.match(early.body, /must begin after the last meeting the series keeps, on 2031-03-13/);
  const events = await db.selectFrom("events").select("id").where("summary", "=", "Unsplit series");
  assert.equal((await events.execute()).length, 1);
});

test("a series whose create reply was lost is found again, and its Zoom occurrence ids are read and stored", async () => {
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    drop_after_success: true,
    times: 1,
  });
  const { eventId } = await seriesMade("Lost series reply");
  const made = (await zoom.control<ZoomSeries[]>("GET", "/meetings")).filter(
    (m) => m.topic === "Lost series reply",
  );
  assert.equal(made.length, 1, "one Zoom series, not two");
  const stored = await db
    .selectFrom("event_occurrences")
    .select("provider_occurrence_id")
    .where("event_id", "=", eventId)
    .orderBy("start_at")
    .execute();
  assert.deepEqual(
    stored.map((o) => o.provider_occurrence_id),
    (made[0]?.occurrences ?? []).map((o) => o.occurrence_id),
  );
});
