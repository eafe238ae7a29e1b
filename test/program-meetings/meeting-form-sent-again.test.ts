import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { formIn } from "../support/program-series.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * After Create meeting, Back and Reload sends the review page's form again: it leads to the
 * meeting made the first time, and neither a second meeting nor a second Zoom meeting is made.
 */
const world = await startConferencingWorld();
const { confab, db, zoom } = world;
const { acme } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee } = acme.users;
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const meetings = `/o/acme/programs/${p1.id}/meetings`;

const zoomMeetingsMade = async () =>
  (await zoom.calls({ method: "POST" })).filter((c) => c.path.endsWith("/meetings")).length;
const eventsTitled = async (title: string) =>
  (await db.selectFrom("events").select("id").where("summary", "=", title).execute()).length;

test("a new meeting's review sent again after Create meeting leads to the first meeting, with no second Zoom meeting", async () => {
  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(mentor.email, password);
  const { submission_key: key } = formIn((await browser.get(`${meetings}/new`)).body, meetings);
  assert.match(key ?? "", /^[A-Za-z0-9_-]{20,}$/, "the form carries a one-time key");
  const typed = {
    title: "Sent twice",
    description: "",
    date: tomorrow,
    time: "10:00",
    duration: "30",
    timeZone: "Europe/Paris",
    mode: "zoom",
    invitees: mentee.id,
    submission_key: key as string,
  };
  const review = await browser.post(meetings, typed);
  assert.equal(review.status, 200);
  const confirm = formIn(review.body, meetings);
  assert.equal(confirm.submission_key, key, "the review carries the form's key on");

  const before = await zoomMeetingsMade();
  const created = await browser.post(meetings, { ...confirm, step: "save" });
  assert.equal(created.status, 303);
  const page = created.location ?? "";
  assert.match(page, new RegExp(`^${meetings}/evt_`));
  await eventually(
    async () => /data-join-url>/.test((await browser.get(page)).body),
    30_000,
    "the join link",
  );
  assert.equal(await zoomMeetingsMade(), before + 1);

  const resent = await browser.post(meetings, { ...confirm, step: "save" });
  assert.equal(resent.status, 303);
  assert.equal(resent.location, page, "Reload on the review leads to the first meeting");
  const continued = await browser.post(meetings, typed);
  assert.equal(continued.status, 303, "so does Reload on the form's Continue");
  assert.equal(continued.location, page);
  const changed = await browser.post(meetings, { ...confirm, step: "edit" });
  assert.equal(changed.location, page, "and Change details");

  assert.equal(await eventsTitled("Sent twice"), 1, "no second meeting");
  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "provisioning");
  assert.equal(await zoomMeetingsMade(), before + 1, "no second Zoom meeting");
});

test("a meeting form sent by another person with the same key is refused, and makes nothing", async () => {
  const owner = webClient(confab.app as NonNullable<typeof confab.app>);
  await owner.signIn(mentor.email, password);
  const { submission_key: key } = formIn((await owner.get(`${meetings}/new`)).body, meetings);
  const typed = {
    title: "Not theirs",
    description: "",
    date: tomorrow,
    time: "12:00",
    duration: "30",
    timeZone: "Europe/Paris",
    mode: "phone",
    invitees: mentee.id,
    submission_key: key as string,
  };
  const made = await owner.post(meetings, typed);
  assert.equal(made.status, 303, "a phone meeting is saved on Continue");
  const other = webClient(confab.app as NonNullable<typeof confab.app>);
  await other.signIn(acme.users.programAdmin.email, password);
  await other.get(`${meetings}/new`);
  const refused = await other.post(meetings, typed);
  assert.equal(refused.status, 403);
  assert.equal(await eventsTitled("Not theirs"), 1);
});
