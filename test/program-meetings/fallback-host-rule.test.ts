import assert from "node:assert/strict";
import { test } from "node:test";
import { setHostAccount } from "../../src/integrations/host-account.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { setFallbackHostRule } from "../../src/program-meetings/fallback-host-rule.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Every member can book Zoom where the mode is on: a mentee without a Zoom licence books, and
 * the program's fallback host rule decides who hosts, said before saving, through the
 * organization API and the pages, against the Zoom sandbox.
 */
const world = await startConferencingWorld();
const { confab, db, vault, zoom } = world;
const { acme, as, actor, sandboxMeeting, deps } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, member, orgAdmin, programAdmin } = acme.users;
const hostAccount = "zoom-host@acme.example";
await zoom.control("POST", "/users", {
  email: hostAccount,
  account_id: zoom.accounts.paid,
  type: 2,
  role: "member",
});
const made = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, "acme"), {
  name: "Acme mentoring app",
  redirectUris: [],
  actor: commandLineActor,
});
const acmeApp = `Basic ${Buffer.from(`${made.application.clientId}:${made.clientSecret}`).toString("base64")}`;

interface Reply {
  programs: {
    program_id: string;
    meeting_modes: { key: string; hosting?: { you_host: boolean; fallback_host_rule: string } }[];
    unavailable_meeting_modes: { key: string; reason: string }[];
  }[];
  hosting: {
    host: string;
    hosted_by: string;
    reason: string;
    alternative_hosts: string[];
    participants: string[];
  };
  meeting_id: string;
  host_account?: string;
  can_change: boolean;
  people: { email: string; role: string }[];
  conferencing: { state: string; join_url?: string; meeting_id: string };
  errors: Record<string, { description: string }[]>;
}

async function call(method: string, path: string, o: { as: string; body?: unknown }) {
  const reply = await fetch(`${confab.url}/v1/organization${path}`, {
    method,
    headers: {
      authorization: acmeApp,
      "confab-member": o.as,
      ...(o.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: o.body === undefined ? null : JSON.stringify(o.body),
  });
  const text = await reply.text();
  return { status: reply.status, body: (text ? JSON.parse(text) : {}) as Reply };
}

const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const meeting = (over: Record<string, unknown> = {}) => ({
  title: "Mentoring session",
  date: tomorrow,
  time: "10:00",
  tzid: "Africa/Lagos",
  duration_minutes: 45,
  invitees: [mentor.email, member.email],
  meeting_mode: "zoom",
  ...over,
});
const meetings = `/programs/${p1.id}/meetings`;
const useRule = async (rule: string) =>
  setFallbackHostRule(db, await as(programAdmin), p1, { rule, actor });
const modesOf = async (email: string) =>
  (await call("GET", "/programs", { as: email })).body.programs.find((p) => p.program_id === p1.id);
const ready = (id: string) =>
  eventually(
    async () => {
      const { body } = await call("GET", `${meetings}/${id}`, { as: mentee.email });
      return body.conferencing?.join_url ? body : undefined;
    },
    30_000,
    "the join link",
  );

test("by default the first invitee who can host hosts a mentee's Zoom meeting, and the mentee joins as a participant who still owns it", async () => {
  await useRule("licensed_invitee");
  const modes = await modesOf(mentee.email);
  const zoomMode = modes?.meeting_modes.find((m) => m.key === "zoom");
  assert.equal(zoomMode?.hosting?.you_host, false);
  assert.equal(zoomMode?.hosting?.fallback_host_rule, "licensed_invitee");
  assert.deepEqual(modes?.unavailable_meeting_modes, []);

  const dry = await call("POST", meetings, { as: mentee.email, body: meeting({ dry_run: true }) });
  assert.equal(dry.status, 200);
  assert.equal(dry.body.hosting.host, mentor.email);
  assert.equal(dry.body.hosting.hosted_by, "licensed_invitee");
  assert.deepEqual(dry.body.hosting.alternative_hosts, [member.email]);
  assert.deepEqual(dry.body.hosting.participants, [mentee.email]);
  assert.match(dry.body.hosting.reason, /has no licence/);

  const created = await call("POST", meetings, { as: mentee.email, body: meeting() });
  assert.equal(created.status, 201);
  const done = await ready(created.body.meeting_id);
  assert.equal(done.can_change, true, "the mentee made it and may change it");
  assert.deepEqual(
    done.people.map((p) => [p.email, p.role]),
    [
      [mentee.email, "participant"],
      [member.email, "alternative_host"],
      [mentor.email, "host"],
    ],
  );
  const inZoom = await sandboxMeeting(done.conferencing.meeting_id);
  assert.equal(inZoom?.host_email, mentor.email);
  assert.equal(inZoom?.settings.alternative_hosts, member.email);

  // The start link is the host's: the mentor gets it, the mentee who made the meeting does not.
  const page = `/o/acme/programs/${p1.id}/meetings/${created.body.meeting_id}`;
  const asMentor = webClient(confab.app as NonNullable<typeof confab.app>);
  await asMentor.signIn(mentor.email, password);
  const mentorPage = await asMentor.get(page);
  assert.match(mentorPage.body, /Start meeting as host/);
  assert.match(mentorPage.body, /data-your-role="host"/);
  const started = await asMentor.get(`${page}/start`);
  assert.equal(started.status, 303);
  const asMentee = webClient(confab.app as NonNullable<typeof confab.app>);
  await asMentee.signIn(mentee.email, password);
  assert.doesNotMatch((await asMentee.get(page)).body, /Start meeting as host/);
  assert.equal((await asMentee.get(`${page}/start`)).status, 403);
  const asMember = webClient(confab.app as NonNullable<typeof confab.app>);
  await asMember.signIn(member.email, password);
  const memberPage = (await asMember.get(page)).body;
  assert.match(memberPage, /You are an alternative host: mentor of Acme hosts it/);
});

test("when nobody invited can host, the first-invitee rule refuses before anything is saved and says why", async () => {
  await useRule("licensed_invitee");
  const before = await countRows(db, "events");
  const refused = await call("POST", meetings, {
    as: mentee.email,
    body: meeting({ invitees: [programAdmin.email] }),
  });
  assert.equal(refused.status, 422);
  assert.match(refused.body.errors.mode?.[0]?.description ?? "", /nobody invited can host instead/);
  assert.equal(await countRows(db, "events"), before);
});

test("under the host-account rule the organization's named Zoom user hosts and every licensed invitee is an alternative host", async () => {
  await useRule("host_account");
  const admin = await as(orgAdmin);
  await setHostAccount(deps, admin, { provider: "zoom", email: "", actor });
  const unnamed = await modesOf(mentee.email);
  assert.deepEqual(
    unnamed?.unavailable_meeting_modes.map((m) => m.key),
    ["zoom"],
    "without a named host account the mentee cannot book Zoom",
  );
  assert.match(unnamed?.unavailable_meeting_modes[0]?.reason ?? "", /host account/);
  await assert.rejects(
    setHostAccount(deps, admin, { provider: "zoom", email: mentee.email, actor }),
    (error: Error & { fields?: Record<string, string> }) =>
      /has no Zoom licence/.test(error.fields?.hostAccount ?? ""),
  );
  await setHostAccount(deps, admin, { provider: "zoom", email: hostAccount, actor });

  const created = await call("POST", meetings, { as: mentee.email, body: meeting() });
  assert.equal(created.status, 201);
  const done = await ready(created.body.meeting_id);
  assert.equal(done.host_account, hostAccount);
  assert.deepEqual(
    done.people.map((p) => [p.email, p.role]),
    [
      [mentee.email, "participant"],
      [member.email, "alternative_host"],
      [mentor.email, "alternative_host"],
    ],
  );
  const inZoom = await sandboxMeeting(done.conferencing.meeting_id);
  assert.equal(inZoom?.host_email, hostAccount);
  assert.deepEqual(inZoom?.settings.alternative_hosts.split(";").sort(), [
    member.email,
    mentor.email,
  ]);
});

test("under the refuse rule a member who cannot host is told before Continue, and one who can still books", async () => {
  await useRule("refuse");
  const mentees = await modesOf(mentee.email);
  assert.equal(
    mentees?.meeting_modes.some((m) => m.key === "zoom"),
    false,
  );
  assert.match(mentees?.unavailable_meeting_modes[0]?.reason ?? "", /no licence/);
  const mentors = await modesOf(mentor.email);
  assert.equal(mentors?.meeting_modes.find((m) => m.key === "zoom")?.hosting?.you_host, true);
  const refused = await call("POST", meetings, { as: mentee.email, body: meeting() });
  assert.equal(refused.status, 422);
  assert.match(refused.body.errors.mode?.[0]?.description ?? "", /has no licence/);

  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(mentee.email, password);
  const form = (await browser.get(`/o/acme/programs/${p1.id}/meetings/new`)).body;
  assert.match(form, /<input type="radio" name="mode" value="zoom" disabled/);
  assert.match(form, /data-refusal="zoom">Your Zoom user has no licence/);
});

test("the New meeting form shows who can host in Zoom beside each person before Continue, and the review says who hosts and why", async () => {
  await useRule("licensed_invitee");
  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(mentee.email, password);
  const form = (await browser.get(`/o/acme/programs/${p1.id}/meetings/new`)).body;
  const row = (email: string) =>
    new RegExp(
      `${email.replace(".", "\\.")}[^<]*</span>\\s*<span class="tag" data-can-host="zoom">`,
    );
  assert.match(form, row(mentor.email));
  assert.match(form, row(member.email));
  assert.doesNotMatch(form, row(programAdmin.email));
  assert.match(form, /data-hosting="zoom">you cannot host in Zoom: the first invitee/);

  const review = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    title: "First session",
    description: "",
    date: tomorrow,
    time: "09:00",
    duration: "30",
    timeZone: "Africa/Lagos",
    mode: "zoom",
    invitees: mentor.id,
  });
  assert.equal(review.status, 200);
  assert.match(
    review.body,
    /data-hosting-reason>[^<]*first invitee who can host, mentor of Acme, hosts it/,
  );
  assert.match(review.body, /data-role="host">mentor of Acme/);
});

test("a program admin chooses the rule under Program settings, and a rule that does not exist is refused", async () => {
  const browser = webClient(confab.app as NonNullable<typeof confab.app>);
  await browser.signIn(programAdmin.email, password);
  const settings = `/o/acme/programs/${p1.id}/settings`;
  const pageBody = (await browser.get(`${settings}/permissions`)).body;
  assert.match(pageBody, /Who hosts when the creator cannot/);
  const saved = await browser.post(`${settings}/fallback-host-rule`, {
    fallbackHostRule: "host_account",
  });
  assert.equal(saved.status, 303);
  const after = await browser.get(saved.location ?? "");
  assert.match(after.body, /The host rule is saved/);
  assert.match(after.body, /value="host_account" checked/);
  const bad = await browser.post(`${settings}/fallback-host-rule`, { fallbackHostRule: "anyone" });
  assert.equal(bad.status, 400);
  assert.match(bad.body, /Choose one of the rules listed/);
  const asMentee = webClient(confab.app as NonNullable<typeof confab.app>);
  await asMentee.signIn(mentee.email, password);
  await asMentee.get(`/o/acme/programs/${p1.id}`);
  assert.equal(
    (await asMentee.post(`${settings}/fallback-host-rule`, { fallbackHostRule: "refuse" })).status,
    403,
  );
});
