import assert from "node:assert/strict";
import { test } from "node:test";
import { uninstallOrganizationIntegration } from "../../src/integrations/uninstall-organization-integration.ts";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import {
  listProgramMeetings,
  loadProgramMeeting,
} from "../../src/program-meetings/program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { hostStartLink } from "../../src/program-meetings/start-link.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";

/**
 * F9 end to end below the pages: members of a program make meetings in the organization's Zoom
 * account, the worker makes them in the sandbox, and who hosts is checked there.
 */
const world = await startConferencingWorld();
const { zoom, db, vault, provider } = world;
const { acme, actor, as, installZoom, sandboxMeeting, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member, programAdmin, orgAdmin } = acme.users;

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const fields = (over: Partial<MeetingDraftFields> = {}): MeetingDraftFields => ({
  title: "Career chat",
  description: "",
  date: tomorrow,
  time: "09:30",
  duration: "45",
  timeZone: "Europe/Paris",
  invitees: [mentee.id, member.id],
  mode: "zoom",
  ...over,
});
const person = (u: { id: string; email: string; name: string }) => ({
  userId: u.id,
  email: u.email,
  name: u.name,
});

async function make(creator = mentor, over: Partial<MeetingDraftFields> = {}) {
  const access = await as(creator);
  const prepared = await prepareProgramMeeting(deps, access, p1, person(creator), fields(over));
  return { prepared, saved: await saveProgramMeeting(db, access, p1, prepared) };
}

const assigned = (creator: { id: string }, id: string) =>
  eventually(
    async () => {
      const meeting = await loadProgramMeeting(db, await as(creator), p1.id, id);
      return meeting.conferencing.state === "assigned" && meeting.conferencing.meetingId
        ? meeting
        : undefined;
    },
    20_000,
    "the Zoom meeting",
  );

test("before saving, the creator is the host, licensed invitees of the same Zoom account are alternative hosts, the rest participants", async () => {
  const prepared = await prepareProgramMeeting(
    deps,
    await as(mentor),
    p1,
    person(mentor),
    fields(),
  );
  assert.equal(prepared.hosting?.host.email, mentor.email);
  assert.deepEqual(
    prepared.hosting?.alternativeHosts.map((p) => p.email),
    [member.email],
  );
  assert.deepEqual(
    prepared.hosting?.participants.map((p) => p.email),
    [mentee.email],
  );
});

test("the meeting is made in the organization's Zoom account with the creator as host, by email, and every invitee sees its join link", async () => {
  const { saved } = await make();
  const meeting = await assigned(mentor, saved.id);
  const inZoom = await sandboxMeeting(meeting.conferencing.meetingId ?? "");
  assert.equal(inZoom?.host_email, mentor.email);
  assert.equal(inZoom?.settings.alternative_hosts, member.email);
  assert.equal(inZoom?.topic, "Career chat");
  for (const invitee of [mentee, member, programAdmin]) {
    const seen = await loadProgramMeeting(db, await as(invitee), p1.id, saved.id);
    assert.equal(seen.conferencing.joinUrl, meeting.conferencing.joinUrl);
  }
  assert.deepEqual(
    meeting.people.map((p) => [p.email, p.role]),
    [
      [mentor.email, "host"],
      [member.email, "alternative_host"],
      [mentee.email, "participant"],
    ],
    "the organizer first, then the invitees by email",
  );
});

test("only the host gets a start link, fetched from Zoom when asked", async () => {
  const { saved } = await make();
  await assigned(mentor, saved.id);
  const before = (await zoom.calls({ method: "GET" })).length;
  const url = await hostStartLink(deps, await as(mentor), p1.id, saved.id);
  assert.match(url, /^http.*\/s\//);
  assert.equal((await zoom.calls({ method: "GET" })).length, before + 1);
  await assert.rejects(hostStartLink(deps, await as(mentee), p1.id, saved.id), {
    kind: "forbidden",
  });
  await assert.rejects(hostStartLink(deps, await as(acme.users.mentor), p1.id, "evt_nope"), {
    kind: "not_found",
  });
});

test("rescheduling updates the same Zoom meeting, changing invitees updates the alternative hosts, cancelling deletes it", async () => {
  const { saved } = await make();
  const first = await assigned(mentor, saved.id);
  const zoomId = first.conferencing.meetingId ?? "";
  const access = await as(mentor);
  const changed = await prepareProgramMeeting(
    deps,
    access,
    p1,
    person(mentor),
    fields({ time: "11:00", invitees: [mentee.id] }),
  );
  await saveProgramMeeting(db, access, p1, changed, saved.id);
  await eventually(
    async () => (await sandboxMeeting(zoomId))?.settings.alternative_hosts === "",
    20_000,
    "the update",
  );
  const inZoom = await sandboxMeeting(zoomId);
  assert.match(inZoom?.start_time ?? "", /T(09|10):00:00Z$/, "11:00 in Paris");
  const after = await loadProgramMeeting(db, access, p1.id, saved.id);
  assert.equal(after.conferencing.meetingId, zoomId, "the same Zoom meeting");
  assert.equal(after.conferencing.joinUrl, first.conferencing.joinUrl);
  await cancelProgramMeeting(db, access, p1.id, saved.id);
  await eventually(async () => (await sandboxMeeting(zoomId)) === undefined, 20_000, "the delete");
  assert.equal(
    (await listProgramMeetings(db, access, p1.id)).some((m) => m.id === saved.id),
    false,
  );
});

test("a creator who is not a user of the organization's Zoom account, with nobody invited who could host instead, is told so on the mode, and other modes still work", async () => {
  const access = await as(programAdmin);
  await assert.rejects(
    prepareProgramMeeting(
      deps,
      access,
      p1,
      person(programAdmin),
      fields({ invitees: [mentee.id] }),
    ),
    (error: Error & { fields?: Record<string, string> }) =>
      /not a user of the organization's Zoom account/.test(error.fields?.mode ?? ""),
  );
  const inPerson = await prepareProgramMeeting(
    deps,
    access,
    p1,
    person(programAdmin),
    fields({ mode: "in_person", invitees: [mentor.id] }),
  );
  const saved = await saveProgramMeeting(db, access, p1, inPerson);
  const meeting = await loadProgramMeeting(db, access, p1.id, saved.id);
  assert.equal(meeting.conferencing.state, "none");
  assert.equal(meeting.modeLabel, "In person");
});

test("invitees must have a role in the program, the mode must be offered, and nothing is written otherwise", async () => {
  const before = await countRows(db, "events");
  await assert.rejects(
    prepareProgramMeeting(
      deps,
      await as(mentor),
      p1,
      person(mentor),
      fields({ invitees: [orgAdmin.id], mode: "carrier_pigeon", time: "25:00" }),
    ),
    (error: Error & { fields?: Record<string, string> }) =>
      Boolean(error.fields?.invitees && error.fields.mode && error.fields.time),
  );
  assert.equal(await countRows(db, "events"), before);
});

test("a member who is only invited can see the meeting but not change or cancel it, and someone not on it cannot see it", async () => {
  const { saved } = await make();
  await assert.rejects(cancelProgramMeeting(db, await as(mentee), p1.id, saved.id), {
    kind: "forbidden",
  });
  const access = await as(mentee);
  const prepared = await prepareProgramMeeting(
    deps,
    await as(mentee),
    p1,
    person(mentee),
    fields({ mode: "phone", invitees: [mentor.id] }),
  );
  await assert.rejects(saveProgramMeeting(db, access, p1, prepared, saved.id), {
    kind: "forbidden",
  });
  const { saved: other } = await make(mentor, { invitees: [member.id] });
  await assert.rejects(loadProgramMeeting(db, await as(mentee), p1.id, other.id), {
    kind: "not_found",
  });
});

test("after an uninstall, existing Zoom meetings stay in Zoom and meetings still to be made fail with the reason", async () => {
  const { saved } = await make();
  const made = await assigned(mentor, saved.id);
  // Zoom is down while the second meeting waits, so it is still to be made at the uninstall.
  await zoom.control("POST", "/faults", {
    match: { method: "POST", path: "/v2/users/*/meetings" },
    status: 503,
    times: 100,
  });
  const { saved: waiting } = await make();
  await uninstallOrganizationIntegration({ db, vault, provider }, await as(orgAdmin), { actor });
  await zoom.control("DELETE", "/faults");
  const failing = await eventually(
    async () => {
      const meeting = await loadProgramMeeting(db, await as(mentor), p1.id, waiting.id);
      // Zoom's outage may fail it first ("not answering"); the uninstall's reason must follow.
      return meeting.conferencing.state === "failing" &&
        /no longer installed/.test(meeting.conferencing.reason ?? "")
        ? meeting
        : undefined;
    },
    20_000,
    "the failing state",
  );
  assert.match(
    failing.conferencing.reason ?? "",
    /Zoom is no longer installed for the organization/,
  );
  assert.ok(
    await sandboxMeeting(made.conferencing.meetingId ?? ""),
    "the made meeting is still in Zoom",
  );
  const kept = await loadProgramMeeting(db, await as(mentee), p1.id, saved.id);
  assert.equal(kept.conferencing.joinUrl, made.conferencing.joinUrl);
  await installZoom();
});

test("a meeting under way keeps its time, but its title, description and invitees can still change, in Zoom too", async () => {
  const { saved } = await make();
  const made = await assigned(mentor, saved.id);
  // The meeting began ten minutes ago (moved there directly: the form accepts only the future).
  const startAt = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000);
  const endAt = new Date(startAt.getTime() + 45 * 60_000);
  await db
    .updateTable("events")
    .set({ start_at: startAt, end_at: endAt, time_zone: "Etc/UTC" })
    .where("id", "=", saved.id)
    .execute();
  const access = await as(mentor);
  const asItIs = {
    date: startAt.toISOString().slice(0, 10),
    time: startAt.toISOString().slice(11, 16),
    timeZone: "Etc/UTC",
  };
  await assert.rejects(
    prepareProgramMeeting(deps, access, p1, person(mentor), fields({ ...asItIs, duration: "60" }), {
      ...made,
      startAt,
      endAt,
    }),
    (error: Error & { fields?: Record<string, string> }) =>
      /has started, so its date, time and duration cannot change/.test(error.fields?.date ?? ""),
  );
  const retitled = await prepareProgramMeeting(
    deps,
    access,
    p1,
    person(mentor),
    fields({ ...asItIs, title: "Career chat (running late)", invitees: [mentee.id] }),
    { ...made, startAt, endAt },
  );
  await saveProgramMeeting(db, access, p1, retitled, saved.id);
  const zoomId = made.conferencing.meetingId ?? "";
  await eventually(
    async () => (await sandboxMeeting(zoomId))?.topic === "Career chat (running late)",
    20_000,
    "the new title in Zoom",
  );
  const after = await loadProgramMeeting(db, access, p1.id, saved.id);
  assert.equal(after.startAt.getTime(), startAt.getTime());
  assert.deepEqual(
    after.people.map((p) => p.email),
    [mentor.email, mentee.email],
  );
});
