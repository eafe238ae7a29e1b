import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { loadProgramMeeting } from "../../src/program-meetings/program-meeting.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { startInProcessWorker } from "../support/in-process-worker.ts";
import { ownZoomProgram } from "../support/own-zoom-program.ts";

/**
 * The operator's integrations switch reaches a member's own Zoom too: while integrations are
 * disabled for the organization, no program meeting is made in a member's own Zoom, not even
 * one queued before the switch went off, and enabling them again lets it go on. No worker runs
 * until the meeting queued while they were enabled is to be made.
 */
const world = await startConferencingWorld({}, { inProcessWorker: false });
const { confab, db, vault } = world;
const { acme, p1, as, integrations, ownZoom, asMentor, asAdmin, base, tomorrow, ...own } =
  await ownZoomProgram(world);
const { meetingFields, creates, inSandbox } = own;
const { mentor, mentee } = acme.users;
const reason = /Integrations are disabled for Acme by the operator of this confab/;

const organizationApp = await createApplication(
  db,
  vault,
  await loadOrgAccessForCommandLine(db, "acme"),
  { name: "Acme scheduler", redirectUris: [], actor: commandLineActor },
);
const organizationApi = async (method: string, path: string, body?: unknown) => {
  const { clientId } = organizationApp.application;
  const reply = await fetch(`${confab.url}/v1/organization${path}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${organizationApp.clientSecret}`).toString("base64")}`,
      "confab-member": mentor.email,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: reply.status, body: (await reply.json()) as Record<string, unknown> };
};
interface ProgramModes {
  program_id: string;
  meeting_modes: { key: string }[];
  unavailable_meeting_modes: { key: string; reason: string }[];
}
const modesOfLeaders = async () => {
  const reply = await organizationApi("GET", "/programs");
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const found = (reply.body.programs as ProgramModes[]).find((p) => p.program_id === p1.id);
  assert.ok(found, "Leaders is listed");
  return found;
};

// The program allows own Zoom, and a meeting is saved with it while integrations are enabled:
// queued, and not made yet, as no worker runs.
assert.equal(
  (await asAdmin.post(`${base}/settings/own-profiles`, { ownProfilesAllowed: "true" })).status,
  303,
);
const queued = await asMentor.post(`${base}/meetings`, meetingFields({ step: "save" }));
assert.equal(queued.status, 303, queued.body);
const queuedId = /meetings\/(evt_[0-9a-f]+)/.exec(queued.location ?? "")?.[1] ?? "";
assert.ok(queuedId, "the queued meeting's id");

/** The queued meeting once the worker has brought it to this state. */
const queuedMeetingIn = (state: "failing" | "assigned") =>
  eventually(
    async () => {
      const meeting = await loadProgramMeeting(db, await as(mentor), p1.id, queuedId);
      return meeting.conferencing.state === state ? meeting : undefined;
    },
    20_000,
    `the queued meeting ${state}`,
  );

test("while integrations are enabled, the organization API lists own Zoom among the meeting modes", async () => {
  const modes = await modesOfLeaders();
  assert.ok(modes.meeting_modes.some((m) => m.key === "own:zoom"));
  assert.ok(!modes.unavailable_meeting_modes.some((m) => m.key === "own:zoom"));
});

test("with integrations disabled, the New meeting form shows own Zoom unavailable with the reason, and Conferencing services no longer names the program", async () => {
  await integrations(false);
  const form = (await asMentor.get(`${base}/meetings/new`)).body;
  assert.match(form, /value="own:zoom" disabled aria-describedby="mode-own:zoom-refusal"/);
  const refusal = /data-refusal="own:zoom">([^<]*)</.exec(form)?.[1] ?? "";
  assert.match(refusal, reason);
  assert.match(refusal, /choose another meeting mode, or ask your confab operator/);
  const services = (await asMentor.get("/account/conferencing")).body;
  assert.doesNotMatch(services, /data-own-profile-programs/);
});

test("with integrations disabled, the organization API leaves own Zoom out of meeting_modes and lists it as unavailable with the reason", async () => {
  const modes = await modesOfLeaders();
  assert.ok(!modes.meeting_modes.some((m) => m.key === "own:zoom"));
  const unavailable = modes.unavailable_meeting_modes.find((m) => m.key === "own:zoom");
  assert.match(unavailable?.reason ?? "", reason);
});

test("with integrations disabled, a form post or an API call that forces own Zoom is refused with the reason and nothing is written", async () => {
  const events = await countRows(db, "events");
  const submissions = await countRows(db, "form_submissions");
  for (const step of [{}, { step: "save" }] as Record<string, string>[]) {
    const forced = await asMentor.post(`${base}/meetings`, meetingFields(step));
    assert.equal(forced.status, 400);
    assert.match(forced.body, reason);
  }
  const byApi = await organizationApi("POST", `/programs/${p1.id}/meetings`, {
    title: "Mentoring session",
    date: tomorrow,
    time: "11:00",
    tzid: "Europe/Paris",
    duration_minutes: 45,
    invitees: [mentee.email],
    meeting_mode: "own:zoom",
  });
  assert.ok(byApi.status >= 400 && byApi.status < 500, `a 4xx, not ${byApi.status}`);
  assert.match(JSON.stringify(byApi.body), reason);
  assert.equal(await countRows(db, "events"), events, "no meeting saved");
  assert.equal(await countRows(db, "form_submissions"), submissions, "no submission kept");
});

test("a meeting queued before integrations were disabled is not made in Zoom and says why; enabling them again makes it", async () => {
  await startInProcessWorker(confab);
  const failing = await queuedMeetingIn("failing");
  assert.match(failing.conferencing.reason ?? "", reason);
  assert.match(failing.conferencing.reason ?? "", /once integrations are enabled again/);
  assert.equal(await creates(), 0, "nothing created in Zoom");
  const page = (await asMentor.get(`${base}/meetings/${queuedId}`)).body;
  assert.match(page, reason);
  // The meeting keeps its mode in a change, which waits with it.
  const edit = (await asMentor.get(`${base}/meetings/${queuedId}/edit`)).body;
  assert.match(edit, /value="own:zoom" checked/);
  assert.match(
    edit,
    /your changes are saved here and reach Zoom once integrations are enabled again/,
  );

  await integrations(true);
  const made = await queuedMeetingIn("assigned");
  assert.equal(await creates(), 1, "one create");
  assert.equal((await inSandbox(made.conferencing.meetingId ?? ""))?.host_email, ownZoom);
  const form = (await asMentor.get(`${base}/meetings/new`)).body;
  assert.match(form, /value="own:zoom"(?: checked)?>/);
  assert.doesNotMatch(form, /data-refusal="own:zoom"/);
});
