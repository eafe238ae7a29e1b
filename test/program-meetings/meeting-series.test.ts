import assert from "node:assert/strict";
import { test } from "node:test";
import ICAL from "ical.js";
import type { CaughtMessage } from "../../sandbox/mail/index.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { useMailCatcher } from "../support/mail-catcher.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { formIn, programSeries, type ZoomSeries } from "../support/program-series.ts";

/**
 * A program meeting that repeats is one series: one Zoom recurring meeting (type 8) with one
 * join link, its meetings listed on its page, and one calendar invitation with an RRULE.
 */
const world = await startConferencingWorld();
const { db, zoom } = world;
const mail = await useMailCatcher();
const { acme } = await organizationWithZoom(world);
const { mentee } = acme.users;
const meetings = `/o/acme/programs/${acme.programs.p1.id}/meetings`;

const { weekly, zoomCreates, signedIn, seriesMade } = await programSeries(world, acme);

test("a weekly series of 8 on two weekdays is one Zoom recurring meeting with one join link, and its page lists the 8 meetings", async () => {
  const { browser, key } = await signedIn();
  const before = (await zoomCreates()).length;
  const review = await browser.post(meetings, {
    ...weekly,
    title: "Office hours",
    mode: "zoom",
    submission_key: key,
  });
  assert.equal(review.status, 200);
  assert.match(
    review.body,
    /Weekly on Tuesday and Thursday, 8 times: Tue 4 Mar … Thu 27 Mar/,
    "the review says how it repeats, first and last date",
  );
  const created = await browser.post(meetings, { ...formIn(review.body, meetings), step: "save" });
  assert.equal(created.status, 303);
  const page = (created.location ?? "").replace(/\?.*$/, "");
  const shown = await eventually(
    async () => {
      const body = (await browser.get(page)).body;
      return /data-join-url>/.test(body) ? body : undefined;
    },
    30_000,
    "the join link",
  );
  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
  const creates = (await zoomCreates()).slice(before);
  assert.equal(creates.length, 1, "exactly one Zoom create for the whole series");

  const series = (await zoom.control<ZoomSeries[]>("GET", "/meetings")).find(
    (m) => m.topic === "Office hours",
  );
  assert.equal(series?.type, 8);
  assert.deepEqual(series?.recurrence, {
    type: 2,
    repeat_interval: 1,
    weekly_days: "3,5",
    end_times: 8,
  });
  assert.equal(series?.occurrences?.length, 8);
  assert.equal(
    series?.start_time,
    "2031-03-04T15:00:00Z",
    "the series starts on its first Tuesday",
  );

  assert.equal(shown.match(/data-join-url>/g)?.length, 1, "one join link for the series");
  const listed = [...shown.matchAll(/data-occurrence="(\d+)"/g)].map((m) => Number(m[1]));
  assert.deepEqual(
    listed.map((ms) => new Date(ms).toISOString()),
    [
      "2031-03-04T15:00:00.000Z",
      "2031-03-06T15:00:00.000Z",
      "2031-03-11T14:00:00.000Z",
      "2031-03-13T14:00:00.000Z",
      "2031-03-18T14:00:00.000Z",
      "2031-03-20T14:00:00.000Z",
      "2031-03-25T14:00:00.000Z",
      "2031-03-27T14:00:00.000Z",
    ],
    "the 8 meetings, at 10:00 in New York on either side of the clock change",
  );
  const stored = await db
    .selectFrom("event_occurrences")
    .select(["occurrence_id", "provider_occurrence_id"])
    .where("event_id", "=", page.split("/").at(-1) ?? "")
    .orderBy("start_at")
    .execute();
  assert.deepEqual(
    stored.map((o) => o.provider_occurrence_id),
    (series?.occurrences ?? []).map((o) => o.occurrence_id),
    "each meeting knows its Zoom occurrence",
  );

  const eventId = page.split("/").at(-1) ?? "";
  await untilNoJobsLeft(db, { tasks: ["mail:send"], keys: [`invitations:${eventId}`] }, "mails");
  const invitation = await eventually(async () =>
    mail
      .messagesTo(mentee.email)
      .find((m: CaughtMessage) => m.calendars.some((c) => c.content.includes(eventId))),
  );
  const part = invitation.calendars[0];
  assert.ok(part);
  const calendar = new ICAL.Component(ICAL.parse(part.content));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const vevent = calendar.getFirstSubcomponent("vevent");
  assert.ok(vevent);
  assert.match(part.content, /\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;WKST=SU;COUNT=8\r\n/);
  assert.match(part.content, /\r\nDTSTART;TZID=America\/New_York:20310304T100000\r\n/);
  const event = new ICAL.Event(vevent);
  const iterator = event.iterator();
  const starts: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    starts.push(next.toJSDate().toISOString());
  }
  assert.deepEqual(
    starts,
    listed.map((ms) => new Date(ms).toISOString()),
    "the calendar's meetings are Zoom's",
  );
});

test("a series of 51 is refused before Continue, naming the cap of 50, and nothing is made", async () => {
  const { browser, key } = await signedIn();
  const before = (await zoomCreates()).length;
  const refused = await browser.post(meetings, {
    ...weekly,
    title: "Too long",
    mode: "zoom",
    endCount: "51",
    submission_key: key,
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /at most 50 times/);
  assert.match(refused.body, /field-endCount-error/);
  const byDate = await browser.post(meetings, {
    ...weekly,
    title: "Too long",
    mode: "zoom",
    ends: "date",
    endCount: "",
    endDate: "2032-12-31",
    submission_key: key,
  });
  assert.equal(byDate.status, 400);
  assert.match(byDate.body, /more than 50 meetings/);
  const events = await db.selectFrom("events").select("id").where("summary", "=", "Too long");
  assert.equal((await events.execute()).length, 0);
  assert.equal((await zoomCreates()).length, before);
});

test("a phone series repeats without Zoom: its meetings are listed and nothing is made there", async () => {
  const { browser, key } = await signedIn();
  const before = (await zoomCreates()).length;
  const created = await browser.post(meetings, {
    ...weekly,
    title: "Phone check-in",
    mode: "phone",
    repeats: "monthly",
    monthDay: "15",
    weekDays: "",
    endCount: "3",
    submission_key: key,
  });
  assert.equal(created.status, 303);
  const page = (await browser.get((created.location ?? "").replace(/\?.*$/, ""))).body;
  assert.match(page, /Monthly on day 15, 3 times/);
  assert.equal([...page.matchAll(/data-occurrence="/g)].length, 3);
  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
  assert.equal((await zoomCreates()).length, before);
});

test("cancelling one meeting of a series deletes only that occurrence in Zoom, and the invitation excludes it", async () => {
  const { browser, page, eventId } = await seriesMade("Series with a gap");
  const second = String(Date.parse("2031-03-06T15:00:00Z"));
  const deletesBefore = (await zoom.calls({ method: "DELETE" })).length;
  const patchesBefore = (await zoom.calls({ method: "PATCH" })).length;

  const cancelled = await browser.post(`${page}/occurrences/${second}/cancel`);
  assert.equal(cancelled.status, 303);
  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
  // The call log keeps each call's query string as sent.
  const deletes = (await zoom.calls({ method: "DELETE" })).slice(deletesBefore) as unknown as {
    path: string;
    query: string;
  }[];
  assert.equal(deletes.length, 1, "one occurrence DELETE");
  assert.equal(new URLSearchParams(deletes[0]?.query).get("occurrence_id"), second);
  assert.equal((await zoom.calls({ method: "PATCH" })).length, patchesBefore, "no series PATCH");
  const series = (await zoom.control<ZoomSeries[]>("GET", "/meetings")).find(
    (m) => m.topic === "Series with a gap",
  );
  assert.deepEqual(
    (series?.occurrences ?? []).filter((o) => o.status === "deleted").map((o) => o.occurrence_id),
    [second],
  );

  const shown = (await browser.get(page)).body;
  assert.match(shown, new RegExp(`data-occurrence="${second}" data-status="cancelled"`));
  assert.equal([...shown.matchAll(/data-join-url>/g)].length, 1, "the series keeps its link");

  await untilNoJobsLeft(db, { tasks: ["mail:send"], keys: [`invitations:${eventId}`] }, "mails");
  const update = await eventually(async () =>
    mail
      .messagesTo(mentee.email)
      .filter((m: CaughtMessage) => m.calendars.some((c) => c.content.includes(eventId)))
      .find((m) => m.calendars.some((c) => c.content.includes("EXDATE"))),
  );
  assert.match(update.calendars[0]?.content ?? "", /\r\nEXDATE:20310306T150000Z\r\n/);
  assert.match(update.calendars[0]?.content ?? "", /\r\nSEQUENCE:1\r\n/);
});
