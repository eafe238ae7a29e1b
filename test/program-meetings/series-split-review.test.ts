import assert from "node:assert/strict";
import { test } from "node:test";
import { saveTimeZone } from "../../src/accounts/preferences.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import {
  at,
  formIn,
  type LoggedCall,
  laterFour,
  programSeries,
} from "../support/program-series.ts";

/**
 * "This and following" is checked before it splits a series: a review says where the series
 * ends, that the new series has its own Zoom meeting and a new join link, who hosts and who is
 * mailed, and what changes; only its confirm splits, once, however often it is sent.
 */
const world = await startConferencingWorld();
const { db, zoom } = world;
const { acme } = await organizationWithZoom(world);
const { mentor, mentee } = acme.users;
const { calls, zoomCreates, zoomSeries, settled, seriesMade, splitConfirmed } = await programSeries(
  world,
  acme,
);
// The mentor reads times in Paris; the series meets in New York.
await saveTimeZone(db, mentor.id, "Europe/Paris");

const fifth = at("2031-03-18T14:00:00Z");

/**
 * The "This and following" form of the fifth meeting, filled in (titled "<title>, later"), sent
 * to its review; with how many writes Zoom had seen before it.
 */
async function reviewed(title: string) {
  const made = await seriesMade(title);
  const following = `${made.page}/occurrences/${fifth}/following`;
  const form = await made.browser.get(following);
  assert.equal(form.status, 200);
  const typed: Record<string, string> = {
    ...formIn(form.body, following),
    ...laterFour,
    title: `${title}, later`,
  };
  const writesBefore = (await zoomWrites()).length;
  const review = await made.browser.post(following, typed);
  return { ...made, following, typed, review, writesBefore };
}

/** The series made from this one by "This and following". */
const continuations = (eventId: string) =>
  db.selectFrom("events").select("id").where("continues_event_id", "=", eventId).execute();

/** The meetings of this series. */
const occurrences = (eventId: string) =>
  db
    .selectFrom("event_occurrences")
    .select("occurrence_id")
    .where("event_id", "=", eventId)
    .execute();

/** Everything Zoom was asked to change or make. */
async function zoomWrites(): Promise<LoggedCall[]> {
  return [...(await calls("POST")), ...(await calls("PATCH")), ...(await calls("DELETE"))];
}

test("this and following shows a review of the split, and its confirm ends the series with one end_times PATCH and makes the new series with one Zoom create", async () => {
  const { browser, page, eventId, following, review, writesBefore } =
    await reviewed("Office hours");
  const oldSeries = await zoomSeries("Office hours");
  assert.ok(oldSeries);

  assert.equal(review.status, 200);
  const text = review.body.replace(/\s+/g, " ");
  assert.match(
    text,
    /The series “Office hours” ends after its meeting of <strong><time[^>]*>Thu, 13 Mar 2031, 15:00 \(Europe\/Paris\)<\/time>/,
    "the last meeting kept, in the viewer's zone",
  );
  assert.match(text, /\(4 meetings kept\)/);
  assert.match(
    text,
    /A new series, “Office hours, later”, starts on <strong><time[^>]*>Tue, 18 Mar 2031, 16:00 \(Europe\/Paris\)<\/time>/,
  );
  assert.match(
    text,
    /with <strong>4 meetings<\/strong>: Weekly on Tuesday and Thursday, 4 times, the last on Thu 27 Mar/,
  );
  assert.match(text, /a Zoom meeting of its own, with <strong>a new join link<\/strong>/);
  assert.match(text, /The series' link keeps working for its meetings up to Thu 13 Mar/);
  assert.match(text, new RegExp(`data-role="host">[^—]*${mentor.email}</span> \\(you\\)`));
  assert.match(
    review.body,
    new RegExp(`data-split-told>[\\s\\S]*${mentee.email.replace(".", "\\.")}`),
    "the invitee is told by mail",
  );
  assert.match(text, /data-change="title">Title: “Office hours” → “Office hours, later”/);
  assert.match(
    text,
    /data-change="start">First meeting: <time[^>]*>Tue, 18 Mar 2031, 15:00 \(Europe\/Paris\)/,
  );
  assert.doesNotMatch(text, /data-change="repeats"|data-change="duration"/);
  assert.equal((await zoomWrites()).length, writesBefore, "the review changes nothing at Zoom");

  const patchesBefore = (await calls("PATCH")).length;
  const createsBefore = (await zoomCreates()).length;
  await splitConfirmed({ browser, eventId }, following, review.body);

  const patches = (await calls("PATCH")).slice(patchesBefore);
  const ofOldSeries = patches.filter((c) => c.path.endsWith(`/meetings/${oldSeries.id}`));
  assert.equal(ofOldSeries.length, 1, "one PATCH of the old series");
  assert.equal(new URLSearchParams(ofOldSeries[0]?.query).get("occurrence_id"), null);
  assert.equal((await zoomSeries("Office hours"))?.recurrence?.end_times, 4, "it ends after 4");
  assert.equal((await zoomCreates()).length - createsBefore, 1, "one create, of the new series");
  const made = await zoomSeries("Office hours, later");
  assert.equal(made?.recurrence?.end_times, 4);
  assert.notEqual(made?.join_url, oldSeries.join_url, "the new series has its own link");
  assert.match((await browser.get(page)).body, /Weekly on Tuesday and Thursday, 4 times/);
});

test("Back from the review returns to the form with what was typed, and nothing changes in Zoom or confab", async () => {
  const { browser, page, eventId, following, typed, review } = await reviewed("Back series");
  const writesBefore = (await zoomWrites()).length;
  const back = await browser.post(following, { ...formIn(review.body, following), step: "edit" });
  assert.equal(back.status, 200);
  assert.match(back.body, /Change this and following meetings/);
  const kept = formIn(back.body, following);
  for (const name of ["title", "date", "time", "endCount"]) {
    assert.equal(kept[name], typed[name], `${name} as typed`);
  }
  for (const [name, value] of [
    ["duration", "45"],
    ["repeats", "weekly"],
    ["ends", "count"],
  ] as const) {
    assert.match(
      back.body,
      new RegExp(`name="${name}"[^>]*>[^]*?<option value="${value}" selected>`),
      `${name} as chosen`,
    );
  }
  assert.equal(kept.submission_key, typed.submission_key, "the form keeps its one-time key");
  assert.match(back.body, /name="weekDays" value="2" checked/);
  assert.match(back.body, /name="weekDays" value="4" checked/);

  assert.equal((await zoomWrites()).length, writesBefore, "nothing sent to Zoom");
  assert.equal((await occurrences(eventId)).length, 8, "the series keeps its 8 meetings");
  assert.equal((await continuations(eventId)).length, 0);
  assert.doesNotMatch((await browser.get(page)).body, /Continued from/);
});

test("a confirm sent again does not split again: it says the split is done and links the new series", async () => {
  const { browser, eventId, following, review } = await reviewed("Replayed series");
  const { newPage } = await splitConfirmed({ browser, eventId }, following, review.body);
  const confirm = { ...formIn(review.body, following), step: "save" };
  const createsBefore = (await zoomCreates()).length;
  const patchesBefore = (await calls("PATCH")).length;

  for (const step of ["save", "edit", ""]) {
    // Sent again as it was (a reload), after Back, and as the form's first sending.
    const again = await browser.post(following, { ...confirm, step });
    assert.equal(again.status, 200, `step "${step}"`);
    assert.match(again.body, /Already done/);
    assert.match(again.body, new RegExp(`data-already-split>[\\s\\S]*href="${newPage}"`));
  }
  await settled(eventId);
  assert.equal((await zoomCreates()).length, createsBefore, "no second Zoom series");
  assert.equal((await calls("PATCH")).length, patchesBefore, "no second PATCH");
  assert.equal((await continuations(eventId)).length, 1, "one new series");
  assert.equal(
    (await zoom.control<{ topic: string }[]>("GET", "/meetings")).filter(
      (m) => m.topic === "Replayed series, later",
    ).length,
    1,
  );
});

test("bad input on the form or at its confirm shows the form again with each field's message, and nothing is written", async () => {
  const { browser, eventId, following, typed } = await reviewed("Refused split");
  const writesBefore = (await zoomWrites()).length;
  const refused = await browser.post(following, {
    ...typed,
    title: "",
    time: "25:00",
    duration: "7",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Change this and following meetings/);
  assert.match(refused.body, /id="field-title-error"/);
  assert.match(refused.body, /Enter a time like 09:30/);
  assert.match(refused.body, /Choose a duration from the list/);
  assert.doesNotMatch(refused.body, /Split the series/, "no review");
  assert.equal(formIn(refused.body, following).submission_key, typed.submission_key);

  // A confirm whose values were changed on the way is checked again, not trusted.
  const tampered = await browser.post(following, { ...typed, endCount: "60", step: "save" });
  assert.equal(tampered.status, 400);
  assert.match(tampered.body, /at most 50 times/);

  assert.equal((await zoomWrites()).length, writesBefore, "nothing sent to Zoom");
  assert.equal((await continuations(eventId)).length, 0, "no new series");
  assert.equal((await occurrences(eventId)).length, 8);
});
