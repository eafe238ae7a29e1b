import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { clearRequestWindows, fillRequestWindows } from "../support/request-windows.ts";

/**
 * The organization's own software doing F9 through the API: as Acme's application, acting for
 * one member at a time, over real HTTP, against the Zoom sandbox.
 */
const world = await startConferencingWorld();
const { confab, db, vault } = world;
const { acme, sandboxMeeting } = await organizationWithZoom(world);
const { p1, p2 } = acme.programs;
const { mentor, mentee, member, orgAdmin } = acme.users;
const made = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, "acme"), {
  name: "Acme mentoring app",
  redirectUris: [],
  actor: commandLineActor,
});
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
const acmeApp = basic(made.application.clientId, made.clientSecret);

interface MeetingJson {
  meeting_id: string;
  start: string;
  can_change: boolean;
  people: { email: string; role: string }[];
  conferencing: { state: string; join_url?: string; meeting_id: string };
}
interface Reply {
  // The union of what these endpoints answer, enough for the assertions below.
  programs: { name: string; role: string; meeting_modes: { key: string }[] }[];
  meetings: MeetingJson[];
  hosting: unknown;
  errors: Record<string, { description: string }[]>;
  document: unknown;
}

async function call(
  method: string,
  path: string,
  o: { as?: string; body?: unknown; authorization?: string } = {},
) {
  const reply = await fetch(`${confab.url}/v1/organization${path}`, {
    method,
    headers: {
      authorization: o.authorization ?? acmeApp,
      ...(o.as ? { "confab-member": o.as } : {}),
      ...(o.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: o.body === undefined ? null : JSON.stringify(o.body),
  });
  const text = await reply.text();
  return { status: reply.status, body: (text ? JSON.parse(text) : {}) as Reply & MeetingJson };
}

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const meeting = (over: Record<string, unknown> = {}) => ({
  title: "Weekly check-in",
  date: tomorrow,
  time: "16:00",
  tzid: "Asia/Tokyo",
  duration_minutes: 30,
  invitees: [mentee.email, member.email],
  meeting_mode: "zoom",
  ...over,
});
const meetings = `/programs/${p1.id}/meetings`;

test("a member's programs come with the meeting modes they may pick, Zoom where it is on", async () => {
  const { status, body } = await call("GET", "/programs", { as: mentor.email });
  assert.equal(status, 200);
  assert.deepEqual(
    body.programs.map((p) => [p.name, p.role, p.meeting_modes.map((m) => m.key)]),
    [["Leaders", "mentor", ["in_person", "phone", "zoom"]]],
  );
});

test("a dry run says who would host and saves nothing; the real request makes the Zoom meeting with the member as host", async () => {
  const dry = await call("POST", meetings, { as: mentor.email, body: meeting({ dry_run: true }) });
  assert.equal(dry.status, 200);
  assert.deepEqual(dry.body.hosting, {
    host: mentor.email,
    hosted_by: "creator",
    reason: "You host it: you are a licensed user of the organization's Zoom account.",
    alternative_hosts: [member.email],
    participants: [mentee.email],
  });
  assert.deepEqual((await call("GET", meetings, { as: mentor.email })).body.meetings, []);

  const created = await call("POST", meetings, { as: mentor.email, body: meeting() });
  assert.equal(created.status, 201);
  assert.equal(created.body.conferencing.state, "pending");
  assert.equal(created.body.start, `${tomorrow}T07:00:00.000Z`);
  const id = created.body.meeting_id;
  const ready = await eventually(
    async () => {
      const { body } = await call("GET", `${meetings}/${id}`, { as: mentee.email });
      return body.conferencing?.join_url ? body : undefined;
    },
    30_000,
    "the join link",
  );
  assert.deepEqual(
    ready.people.map((p) => [p.email, p.role]),
    [
      [mentor.email, "host"],
      [member.email, "alternative_host"],
      [mentee.email, "participant"],
    ],
  );
  assert.equal(ready.can_change, false, "the mentee did not make it");
  const inZoom = await sandboxMeeting(ready.conferencing.meeting_id);
  assert.equal(inZoom?.host_email, mentor.email);
  assert.equal(inZoom?.settings.alternative_hosts, member.email);
  assert.equal(JSON.stringify(ready).includes("start_url"), false, "no start link in the API");

  const moved = await call("PUT", `${meetings}/${id}`, {
    as: mentor.email,
    body: meeting({ time: "17:00", invitees: [mentee.email] }),
  });
  assert.equal(moved.status, 200);
  await eventually(
    async () =>
      (await sandboxMeeting(ready.conferencing.meeting_id))?.start_time.includes("T08:00"),
    30_000,
    "the reschedule in Zoom",
  );
  assert.equal(
    (await sandboxMeeting(ready.conferencing.meeting_id))?.settings.alternative_hosts,
    "",
  );

  assert.equal(
    (await call("PUT", `${meetings}/${id}`, { as: mentee.email, body: meeting() })).status,
    403,
  );
  assert.equal((await call("DELETE", `${meetings}/${id}`, { as: mentee.email })).status, 403);
  assert.equal((await call("DELETE", `${meetings}/${id}`, { as: mentor.email })).status, 202);
  await eventually(
    async () => (await sandboxMeeting(ready.conferencing.meeting_id)) === undefined,
    30_000,
    "the delete in Zoom",
  );
});

test("bad input gets a 422 naming each field, and nothing is written", async () => {
  const before = await countRows(db, "events");
  const refused = await call("POST", meetings, {
    as: mentor.email,
    body: meeting({ time: "9am", tzid: "Mars/Olympus", invitees: ["stranger@else.example"] }),
  });
  assert.equal(refused.status, 422);
  assert.ok(
    refused.body.errors.invitees && refused.body.errors.time && refused.body.errors.timeZone,
    `every problem in one answer: ${JSON.stringify(refused.body)}`,
  );
  assert.match(refused.body.errors.invitees?.[0]?.description ?? "", /stranger@else\.example/);
  const wrongType = await call("POST", meetings, {
    as: mentor.email,
    body: meeting({ duration_minutes: 7 }),
  });
  assert.equal(wrongType.status, 422);
  assert.ok(wrongType.body.errors.duration_minutes);
  const notMine = await call("POST", meetings, {
    as: acme.users.programAdmin.email,
    body: meeting({ invitees: [mentee.email] }),
  });
  assert.equal(notMine.status, 422);
  assert.match(
    notMine.body.errors.mode?.[0]?.description ?? "",
    /not a user of the organization's Zoom account/,
  );
  assert.equal(await countRows(db, "events"), before);
});

test("only the organization's application, with its secret, acting for one of its members, gets in", async () => {
  assert.equal(
    (
      await call("GET", "/programs", {
        as: mentor.email,
        authorization: basic(made.application.clientId, "wrong"),
      })
    ).status,
    401,
  );
  assert.equal(
    (await call("GET", "/programs", { as: mentor.email, authorization: "Bearer x" })).status,
    401,
  );
  assert.equal((await call("GET", "/programs", {})).status, 400);
  assert.equal((await call("GET", "/programs", { as: "nobody@else.example" })).status, 403);
  // Another organization's application cannot act for Acme's members.
  const other = await world.registerApplication();
  const foreign = basic(other.clientId, other.clientSecret);
  assert.equal(
    (await call("GET", "/programs", { as: mentor.email, authorization: foreign })).status,
    403,
  );
  // A program the member is not in, and one of another organization, are not theirs to use.
  assert.equal(
    (await call("GET", `/programs/${p2.id}/meetings`, { as: mentor.email })).status,
    403,
  );
  assert.equal(
    (await call("GET", "/programs/prg_nope/meetings", { as: orgAdmin.email })).status,
    404,
  );
});

test("the OpenAPI document describes the organization API and its credentials", async () => {
  const document = (await (await fetch(`${confab.url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
    components: { securitySchemes: Record<string, { scheme: string }> };
  };
  assert.ok(document.paths["/v1/organization/programs"]?.get);
  assert.ok(document.paths["/v1/organization/programs/{program_id}/meetings"]?.post);
  assert.equal(document.components.securitySchemes.applicationMember?.scheme, "basic");
});

test("the organization's application keeps to the same request rate as any application: 429 with Retry-After beyond it", async () => {
  const ok = await call("GET", "/programs", { as: mentor.email });
  assert.equal(ok.status, 200);
  await fillRequestWindows(db, made.application.id, "second", 1000);
  const refused = await fetch(`${confab.url}/v1/organization/programs`, {
    headers: { authorization: acmeApp, "confab-member": mentor.email },
  });
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get("retry-after"), "1");
  await clearRequestWindows(db);
  assert.equal((await call("GET", "/programs", { as: mentor.email })).status, 200);
});
