import assert from "node:assert/strict";
import { test } from "node:test";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { ownZoomProgram } from "../support/own-zoom-program.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * A member's own Zoom, connected under Your account, hosts the program's meetings where the
 * program allows it: through the pages, against the Zoom sandbox, with no organization install.
 */
const world = await startConferencingWorld();
const { db, linkZoom } = world;
const { acme, p1, as, ownZoom, profileId, app, asMentor, asAdmin, base, ...own } =
  await ownZoomProgram(world);
const { meetingFields, creates, inSandbox } = own;
const { mentor, mentee } = acme.users;
async function setting(allowed: boolean) {
  const saved = await asAdmin.post(`${base}/settings/own-profiles`, {
    ownProfilesAllowed: String(allowed),
  });
  assert.equal(saved.status, 303);
}

test("while the program does not allow it, the form offers no own-Zoom choice and a forged post is refused", async () => {
  const form = (await asMentor.get(`${base}/meetings/new`)).body;
  assert.doesNotMatch(form, /with your own Zoom/);
  assert.doesNotMatch(form, /value="own:zoom"/);
  const before = await countRows(db, "events");
  const forged = await asMentor.post(`${base}/meetings`, meetingFields({ step: "save" }));
  assert.equal(forged.status, 400);
  assert.match(forged.body, /This meeting mode is not offered in the program/);
  assert.equal(await countRows(db, "events"), before, "nothing saved");
  const services = (await asMentor.get("/account/conferencing")).body;
  assert.doesNotMatch(services, /data-own-profile-programs/);
  assert.match(services, /programs do not use it/);
});

test("a program admin allows own Zoom under Program settings, and the audit log says so", async () => {
  const page = (await asAdmin.get(`${base}/settings/permissions`)).body;
  assert.match(page, /Members may host Zoom meetings with their own connected Zoom/);
  assert.match(page, /name="ownProfilesAllowed" value="false" checked/);
  await setting(true);
  const after = (await asAdmin.get(`${base}/settings/permissions?saved=own-profiles`)).body;
  assert.match(after, /The own Zoom setting is saved/);
  assert.match(after, /name="ownProfilesAllowed" value="true" checked/);
  const entry = await db
    .selectFrom("audit_entries")
    .select(["action", "subject_label"])
    .where("action", "=", "program.own_profiles_allowed")
    .executeTakeFirst();
  assert.equal(entry?.subject_label, "Leaders");
  const asMentee = webClient(app);
  await asMentee.signIn(mentee.email, password);
  await asMentee.get(base);
  assert.equal(
    (await asMentee.post(`${base}/settings/own-profiles`, { ownProfilesAllowed: "false" })).status,
    403,
  );
});

test("the Conferencing services page names the programs where a personal connection hosts program meetings", async () => {
  const page = (await asMentor.get("/account/conferencing")).body;
  const purpose = /data-connection-purpose>([\s\S]*?)<\/p>/.exec(page)?.[1] ?? "";
  assert.match(purpose, /used by the applications that\s+ask for it/);
  assert.match(purpose, /data-own-profile-programs>Leaders \(Acme\)</);
  assert.match(purpose, /other programs do not use it/);
  const asMember = webClient(app);
  await asMember.signIn(acme.users.member.email, password);
  const elsewhere = (await asMember.get("/account/conferencing")).body;
  assert.doesNotMatch(elsewhere, /Leaders \(Acme\)/, "only to people who may book there");
});

test("with no organization install, a mentor books a Zoom meeting hosted in their own Zoom: one create there, the mentee a participant", async () => {
  const form = (await asMentor.get(`${base}/meetings/new`)).body;
  assert.match(
    form,
    new RegExp(`value="own:zoom"[^>]*>\\s*Zoom video call – with your own Zoom \\(${ownZoom}\\)`),
  );
  assert.doesNotMatch(form, /value="zoom"/, "the organization's Zoom is not offered");
  const review = await asMentor.post(`${base}/meetings`, meetingFields());
  assert.equal(review.status, 200);
  assert.match(review.body, /made in your own Zoom account \(ada\.own@zoom-mentor\.example\)/);
  assert.match(review.body, /data-hosting-reason>You host it in your own Zoom account/);
  assert.match(review.body, /data-role="participant">[\s\S]*mentee of Acme/);
  const before = await creates();
  const saved = await asMentor.post(`${base}/meetings`, meetingFields({ step: "save" }));
  assert.equal(saved.status, 303, saved.body);
  const id = /meetings\/(evt_[0-9a-f]+)/.exec(saved.location ?? "")?.[1] ?? "";
  const made = await eventually(
    async () => {
      const meeting = await loadProgramMeeting(db, await as(mentor), p1.id, id);
      return meeting.conferencing.state === "assigned" ? meeting : undefined;
    },
    20_000,
    "the meeting in the mentor's own Zoom",
  );
  assert.equal(await creates(), before + 1, "one create");
  const there = await inSandbox(made.conferencing.meetingId ?? "");
  assert.equal(there?.host_email, ownZoom);
  assert.equal(made.conferencing.connectionId, profileId);
  assert.equal(made.modeLabel, "Zoom video call");
  assert.deepEqual(
    made.people.map((p) => [p.email, p.role]),
    [
      [mentor.email, "host"],
      [mentee.email, "participant"],
    ],
  );
  const page = (await asMentor.get(`${base}/meetings/${id}`)).body;
  assert.match(page, /data-own-profile>Hosted in mentor of Acme's own Zoom\./);
  assert.match(page, /Start meeting as host/);

  // A change goes to the same meeting in the mentor's account; cancelling deletes it there.
  await asMentor.get(`${base}/meetings/${id}/edit`);
  const changed = await asMentor.post(
    `${base}/meetings/${id}`,
    meetingFields({ title: "Moved session", step: "save" }),
  );
  assert.equal(changed.status, 303, changed.body);
  await eventually(
    async () => (await inSandbox(made.conferencing.meetingId ?? ""))?.topic === "Moved session",
    20_000,
    "the update in the mentor's Zoom",
  );
  assert.equal(await creates(), before + 1, "no second create");
  await asMentor.get(`${base}/meetings/${id}/cancel`);
  assert.equal((await asMentor.post(`${base}/meetings/${id}/cancel`)).status, 303);
  await eventually(
    async () => (await inSandbox(made.conferencing.meetingId ?? "")) === undefined,
    20_000,
    "the delete in the mentor's Zoom",
  );
});

test("after the mentor removes their Zoom, changing the meeting fails with the reason and where to reconnect", async () => {
  const saved = await asMentor.post(`${base}/meetings`, meetingFields({ step: "save" }));
  assert.equal(saved.status, 303, saved.body);
  const id = /meetings\/(evt_[0-9a-f]+)/.exec(saved.location ?? "")?.[1] ?? "";
  await eventually(
    async () =>
      (await loadProgramMeeting(db, await as(mentor), p1.id, id)).conferencing.state === "assigned",
    20_000,
    "the meeting",
  );
  await asMentor.get("/account/conferencing");
  assert.equal((await asMentor.post(`/account/conferencing/${profileId}/remove`)).status, 303);
  const form = (await asMentor.get(`${base}/meetings/${id}/edit`)).body;
  assert.match(form, /value="own:zoom" checked/, "the meeting keeps its mode");
  const changed = await asMentor.post(
    `${base}/meetings/${id}`,
    meetingFields({ title: "After removal", step: "save" }),
  );
  assert.equal(changed.status, 303, changed.body);
  const failing = await eventually(
    async () => {
      const meeting = await loadProgramMeeting(db, await as(mentor), p1.id, id);
      return meeting.conferencing.state === "failing" ? meeting : undefined;
    },
    20_000,
    "the failing meeting",
  );
  assert.match(
    failing.conferencing.reason ?? "",
    /own Zoom \(ada\.own@zoom-mentor\.example\) was removed from confab.*Your account → Conferencing services/,
  );
  const page = (await asMentor.get(`${base}/meetings/${id}`)).body;
  assert.match(page, /was removed from confab/);
  // And no new meeting can be put there now.
  const fresh = (await asMentor.get(`${base}/meetings/new`)).body;
  assert.doesNotMatch(fresh, /value="own:zoom"/);

  // Connecting the same Zoom again brings the waiting change to the same meeting by itself.
  await linkZoom(mentor.id, ownZoom);
  await eventually(
    async () =>
      (await loadProgramMeeting(db, await as(mentor), p1.id, id)).conferencing.state === "assigned",
    20_000,
    "the meeting back in step after reconnecting",
  );
  const zoomId = (await loadProgramMeeting(db, await as(mentor), p1.id, id)).conferencing.meetingId;
  assert.equal(
    ((await inSandbox(zoomId ?? "")) as { topic?: string } | undefined)?.topic,
    "After removal",
  );
});
