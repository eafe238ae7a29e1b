import assert from "node:assert/strict";
import { test } from "node:test";
import { cancelProgramMeeting } from "../../src/program-meetings/cancel-program-meeting.ts";
import type { MeetingDraftFields } from "../../src/program-meetings/meeting-draft.ts";
import {
  type MeetingPolicyInput,
  setMeetingPolicy,
} from "../../src/program-meetings/meeting-policy.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import type { MeetingPolicySettings } from "../../src/providers/provider.ts";
import { createBody, meetingPatch } from "../../src/providers/zoom/zoom-meeting-body.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * A program's meeting policy reaches Zoom: new meetings are made with it, a change updates each
 * future meeting that differs exactly once and leaves the others alone, org admins lock what
 * program admins may not change, and what Zoom would refuse is refused first, with its limit.
 */
const world = await startConferencingWorld();
const { zoom, db, confab } = world;
const { acme, actor, as, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member, programAdmin, orgAdmin } = acme.users;

interface InZoom {
  id: number;
  password: string;
  join_url: string;
  start_time: string;
  settings: Record<string, unknown>;
}
const inZoom = async (id: string) =>
  (await zoom.control<InZoom[]>("GET", "/meetings")).find((m) => String(m.id) === id);

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const fields = (over: Partial<MeetingDraftFields> = {}): MeetingDraftFields => ({
  title: "Mentoring session",
  description: "",
  date: tomorrow,
  time: "09:30",
  duration: "45",
  timeZone: "Europe/Paris",
  invitees: [mentee.id, member.id],
  mode: "zoom",
  ...over,
});

/** A Zoom meeting made by the mentor, once the worker has made it in the sandbox. */
async function made(over: Partial<MeetingDraftFields> = {}) {
  const access = await as(mentor);
  const prepared = await prepareProgramMeeting(
    deps,
    access,
    p1,
    { userId: mentor.id, email: mentor.email, name: mentor.name },
    fields(over),
  );
  const saved = await saveProgramMeeting(db, access, p1, prepared);
  const meeting = await eventually(
    async () => {
      const m = await loadProgramMeeting(db, await as(mentor), p1.id, saved.id);
      return m.conferencing.state === "assigned" && m.conferencing.meetingId ? m : undefined;
    },
    20_000,
    "the Zoom meeting",
  );
  return { id: saved.id, zoomId: meeting.conferencing.meetingId ?? "" };
}

const policy = (over: Partial<MeetingPolicyInput> = {}): MeetingPolicyInput => ({
  waitingRoom: true,
  passcodeRequired: true,
  passcodeLength: "8",
  joinBeforeHost: false,
  muteUponEntry: false,
  authenticatedOnly: false,
  ...over,
});
const byOrgAdmin = async (input: MeetingPolicyInput) =>
  setMeetingPolicy(db, await as(orgAdmin), p1, { ...input, actor });
const byProgramAdmin = async (input: MeetingPolicyInput) =>
  setMeetingPolicy(db, await as(programAdmin), p1, {
    ...input,
    actor: { userId: programAdmin.id, label: programAdmin.email },
  });

/** Waits until every meeting job is done, then the PATCH requests Zoom received since `from`. */
async function patchesSince(from: number) {
  await untilNoJobsLeft(db, { tasks: ["conferencing:provision_meeting"] }, "the updates");
  return (await zoom.calls({ method: "PATCH" })).slice(from).map((c) => c.path);
}
const patchCount = async () => (await zoom.calls({ method: "PATCH" })).length;

const settingsPage = `/o/acme/programs/${p1.id}/settings/permissions`;
const policyAction = `/o/acme/programs/${p1.id}/settings/meeting-policy`;
const signedIn = async (user: { email: string }) => {
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  await client.signIn(user.email, password);
  return client;
};

test("a new meeting is made in Zoom with the program's policy, recording off and a passcode of the policy's length, and its page says so", async () => {
  await byOrgAdmin(policy({ muteUponEntry: true, passcodeLength: "9", locked: [] }));
  const meeting = await made();
  const zoomMeeting = await inZoom(meeting.zoomId);
  assert.equal(zoomMeeting?.settings.waiting_room, true);
  assert.equal(zoomMeeting?.settings.join_before_host, false);
  assert.equal(zoomMeeting?.settings.mute_upon_entry, true);
  assert.equal(zoomMeeting?.settings.meeting_authentication, false);
  assert.equal(zoomMeeting?.settings.auto_recording, "none");
  assert.match(zoomMeeting?.password ?? "", /^[A-Za-z0-9]{9}$/);
  const seen = await loadProgramMeeting(db, await as(mentee), p1.id, meeting.id);
  assert.equal(seen.conferencing.password, zoomMeeting?.password, "invitees see Zoom's passcode");

  const page = await (await signedIn(mentee)).get(
    `/o/acme/programs/${p1.id}/meetings/${meeting.id}`,
  );
  assert.match(
    page.body,
    /data-meeting-policy>Waiting room on · passcode required · join before host off · mute on entry on · guests welcome · recording off</,
  );
  // Out of the way of the next test, which counts the program's future meetings.
  await cancelProgramMeeting(db, await as(mentor), p1.id, meeting.id);
  await eventually(async () => !(await inZoom(meeting.zoomId)), 20_000, "the delete");
});

test("a policy change makes one PATCH per differing future meeting and none for meetings already matching, past or cancelled", async () => {
  await byOrgAdmin(policy({ passcodeLength: "10", locked: [] }));
  const long = await made();
  await patchesSince(0);
  assert.equal((await inZoom(long.zoomId))?.password.length, 10);
  // A shorter minimum: the ten-character passcode still meets it, so nothing is sent.
  let from = await patchCount();
  await byOrgAdmin(policy({ passcodeLength: "6", locked: [] }));
  assert.deepEqual(await patchesSince(from), []);
  const short = await made();
  assert.equal((await inZoom(short.zoomId))?.password.length, 6);
  const past = await made();
  const pastStart = new Date(Date.now() - 2 * 3_600_000);
  await db
    .updateTable("events")
    .set({ start_at: pastStart, end_at: new Date(pastStart.getTime() + 45 * 60_000) })
    .where("id", "=", past.id)
    .execute();
  const cancelled = await made();
  await cancelProgramMeeting(db, await as(mentor), p1.id, cancelled.id);
  await eventually(async () => !(await inZoom(cancelled.zoomId)), 20_000, "the delete");

  // Eight characters or more: only the six-character passcode differs.
  from = await patchCount();
  const { meetingsToUpdate } = await byOrgAdmin(policy({ passcodeLength: "8", locked: [] }));
  assert.equal(meetingsToUpdate, 2, "every future Zoom meeting of the program is looked at");
  assert.deepEqual(await patchesSince(from), [`/v2/meetings/${short.zoomId}`]);
  const renewed = (await inZoom(short.zoomId))?.password ?? "";
  assert.equal(renewed.length, 8);
  const seen = await loadProgramMeeting(db, await as(mentor), p1.id, short.id);
  assert.equal(seen.conferencing.password, renewed, "confab shows the passcode Zoom now has");
  assert.equal(
    seen.conferencing.joinUrl,
    (await inZoom(short.zoomId))?.join_url,
    "and the join link Zoom gave it with the new passcode",
  );

  // Join before host instead of a waiting room: both future meetings differ, once each.
  from = await patchCount();
  await byOrgAdmin(policy({ waitingRoom: false, joinBeforeHost: true, locked: [] }));
  const sent = await patchesSince(from);
  assert.deepEqual(
    [...sent].sort(),
    [`/v2/meetings/${long.zoomId}`, `/v2/meetings/${short.zoomId}`].sort(),
  );
  for (const m of [long, short]) {
    const settings = (await inZoom(m.zoomId))?.settings;
    assert.equal(settings?.waiting_room, false);
    assert.equal(settings?.join_before_host, true);
  }
  assert.equal((await inZoom(past.zoomId))?.settings.waiting_room, true, "the past one is left");

  // Saving what is already there changes nothing anywhere.
  from = await patchCount();
  const again = await byOrgAdmin(policy({ waitingRoom: false, joinBeforeHost: true, locked: [] }));
  assert.equal(again.meetingsToUpdate, 0);
  assert.deepEqual(await patchesSince(from), []);
});

test("a program admin cannot change a setting an org admin locked, is told who can, and still changes the rest", async () => {
  await byOrgAdmin(policy({ waitingRoom: true, locked: ["waiting_room"] }));
  await assert.rejects(
    byProgramAdmin(policy({ waitingRoom: false })),
    (error: Error & { kind?: string }) => {
      assert.equal(error.kind, "forbidden");
      assert.match(error.message, /An organization admin locked the waiting room for Leaders/);
      return true;
    },
  );
  await byProgramAdmin(policy({ muteUponEntry: true, locked: [] }));

  const asProgramAdmin = await signedIn(programAdmin);
  const page = await asProgramAdmin.get(settingsPage);
  assert.match(page.body, /name="waitingRoom" value="on" checked disabled/);
  assert.match(page.body, /data-locked="waiting_room">Locked by an organization admin/);
  assert.doesNotMatch(page.body, /Lock for program admins/);
  const refused = await asProgramAdmin.post(policyAction, {
    passcodeRequired: "on",
    passcodeLength: "8",
    muteUponEntry: "on",
  });
  assert.equal(refused.status, 403);
  assert.match(refused.body, /An organization admin locked the waiting room/);
  // The form as the page shows it sends the locked value back: the rest is saved.
  const saved = await asProgramAdmin.post(policyAction, {
    waitingRoom: "on",
    passcodeRequired: "on",
    passcodeLength: "8",
  });
  assert.equal(saved.status, 303);
  assert.match((await asProgramAdmin.get(saved.location ?? "")).body, /mute on entry off/);

  const asOrgAdmin = await signedIn(orgAdmin);
  const adminPage = await asOrgAdmin.get(settingsPage);
  assert.match(
    adminPage.body,
    /name="locked" value="waiting_room" checked> Lock for program admins/,
  );
  const audit = await db
    .selectFrom("audit_entries")
    .select(["action", "subject_label"])
    .where("action", "in", ["program.meeting_policy_changed", "program.meeting_policy_locked"])
    .execute();
  assert.ok(audit.some((a) => a.subject_label === "Leaders: the waiting room locked"));
  assert.ok(
    audit.some(
      (a) =>
        a.action === "program.meeting_policy_changed" && /mute on entry on/.test(a.subject_label),
    ),
  );
});

test("a passcode length Zoom cannot take, or join before host beside a waiting room, is refused naming the limit, and nothing is saved", async () => {
  await byOrgAdmin(policy({ locked: [] }));
  for (const [length, limit] of [
    ["11", /Zoom takes passcodes of at most 10 characters: choose 6 to 10/],
    ["4", /at least 6 characters/],
    ["eight", /whole number, from 6 to 10/],
  ] as const) {
    await assert.rejects(
      byProgramAdmin(policy({ passcodeLength: length })),
      (error: Error & { kind?: string; fields?: Record<string, string> }) =>
        error.kind === "invalid_input" && limit.test(error.fields?.passcodeLength ?? ""),
    );
  }
  await assert.rejects(
    byProgramAdmin(policy({ waitingRoom: true, joinBeforeHost: true })),
    (error: Error & { fields?: Record<string, string> }) =>
      /Zoom turns join before host off whenever the waiting room is on/.test(
        error.fields?.joinBeforeHost ?? "",
      ),
  );
  const asProgramAdmin = await signedIn(programAdmin);
  await asProgramAdmin.get(settingsPage);
  const refused = await asProgramAdmin.post(policyAction, {
    waitingRoom: "on",
    passcodeRequired: "on",
    passcodeLength: "12",
  });
  assert.equal(refused.status, 400);
  assert.match(refused.body, /Zoom takes passcodes of at most 10 characters/);
  assert.match(refused.body, /value="12" aria-describedby/, "what was typed is kept");
  const stored = await db
    .selectFrom("meeting_policies")
    .select("passcode_length")
    .where("program_id", "=", p1.id)
    .executeTakeFirstOrThrow();
  assert.equal(stored.passcode_length, 8);
});

test("Zoom is sent only the policy settings that differ; a meeting made without a policy gets all of it, recording off", () => {
  const base = meetingTomorrow("Mentoring", "evt_policy");
  const secure: MeetingPolicySettings = {
    waitingRoom: true,
    joinBeforeHost: false,
    muteUponEntry: false,
    authenticatedOnly: false,
    passcode: "k7Qm2xPa",
  };
  const body = createBody({ ...base, policy: secure });
  assert.equal(body.password, "k7Qm2xPa");
  assert.equal(body.settings.auto_recording, "none");
  assert.equal(body.settings.waiting_room, true);
  assert.equal(createBody(base).settings.auto_recording, "none", "confab never records");
  assert.equal("password" in createBody(base), false, "no policy: the account's passcode");

  assert.deepEqual(meetingPatch({ ...base, policy: secure }, { ...base, policy: secure }), {});
  assert.deepEqual(
    meetingPatch(
      { ...base, policy: { ...secure, muteUponEntry: true } },
      { ...base, policy: secure },
    ),
    { settings: { mute_upon_entry: true } },
  );
  assert.deepEqual(meetingPatch({ ...base, policy: secure }, base), {
    password: "k7Qm2xPa",
    settings: {
      waiting_room: true,
      join_before_host: false,
      mute_upon_entry: false,
      meeting_authentication: false,
      auto_recording: "none",
    },
  });
  const { passcode: _, ...open } = secure;
  assert.deepEqual(
    meetingPatch({ ...base, policy: open }, { ...base, policy: secure }),
    {},
    "no passcode asked for leaves the meeting's own",
  );
});
