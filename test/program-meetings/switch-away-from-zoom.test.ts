import assert from "node:assert/strict";
import { test } from "node:test";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/** Leaving a Zoom meeting (to another mode, or by cancelling) says first that its link stops working. */
const world = await startConferencingWorld();
const { confab } = world;
const { acme, sandboxMeeting } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee } = acme.users;
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const form = (mode: string) => ({
  title: "Career chat",
  description: "",
  date: tomorrow,
  time: "11:00",
  duration: "30",
  timeZone: "Europe/Paris",
  mode,
  invitees: mentee.id,
});

test("switching a Zoom meeting to Phone asks first, says the link stops working, and deletes the Zoom meeting only once confirmed", async () => {
  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(mentor.email, password);
  const created = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...form("zoom"),
    step: "save",
  });
  assert.equal(created.status, 303);
  // The meeting's own address, without the one-time "saved" notice of the redirect.
  const page = (created.location ?? "").split("?")[0] as string;
  const zoomId = await eventually(
    async () => /data-join-url>[^<]*\/j\/(\d+)/.exec((await browser.get(page)).body)?.[1],
    30_000,
    "the join link",
  );

  const asked = await browser.post(page, form("phone"));
  assert.equal(asked.status, 200);
  assert.match(asked.body, /data-switch-away>The Zoom meeting is deleted and its link/);
  assert.match(asked.body, /Keep Zoom/);
  assert.ok(await sandboxMeeting(zoomId), "nothing is deleted before the answer");
  const kept = await browser.post(page, { ...form("phone"), step: "edit" });
  assert.equal(kept.status, 200, "Keep Zoom goes back to the form");
  assert.ok(await sandboxMeeting(zoomId));

  const switched = await browser.post(page, { ...form("phone"), step: "save" });
  assert.equal(switched.status, 303);
  await eventually(async () => (await sandboxMeeting(zoomId)) === undefined, 30_000, "the delete");
  assert.match((await browser.get(page)).body, /There is no video link for this mode/);
});

test("the cancel dialog says the Zoom link stops working and offers Keep meeting beside Cancel meeting", async () => {
  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(mentor.email, password);
  const created = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...form("zoom"),
    step: "save",
  });
  // The meeting's own address, without the one-time "saved" notice of the redirect.
  const page = (created.location ?? "").split("?")[0] as string;
  await eventually(
    async () => /data-join-url>/.test((await browser.get(page)).body),
    30_000,
    "the join link",
  );
  const dialog = (await browser.get(`${page}/cancel`)).body;
  assert.match(dialog, /its link stops working/);
  assert.match(
    dialog,
    /<button type="submit" class="button button-danger">Cancel meeting<\/button>/,
  );
  assert.match(
    dialog,
    new RegExp(`<a class="button button-quiet" href="${page}">Keep meeting</a>`),
  );
  assert.doesNotMatch(dialog, />Cancel</);
});
