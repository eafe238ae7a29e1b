import assert from "node:assert/strict";
import { test } from "node:test";
import { bindingCookie, oauthRedirectUri } from "../../src/connections/oauth-binding.ts";
import { newBrowserBinding } from "../../src/connections/oauth-states.ts";
import { setIntegrationProgram } from "../../src/integrations/integration-programs.ts";
import { setProgramProviderMode } from "../../src/integrations/set-program-provider-mode.ts";
import { startOrganizationInstall } from "../../src/integrations/start-organization-install.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import {
  commandLineActor,
  loadOrgAccess,
  loadOrgAccessForCommandLine,
} from "../../src/orgs/load-org-access.ts";
import { assignProgramRole } from "../../src/orgs/programs.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { setFallbackHostRule } from "../../src/program-meetings/fallback-host-rule.ts";
import type { ConferencingProvider } from "../../src/providers/provider.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { countRows } from "../support/count-rows.ts";
import { installAtMicrosoft, teamsOrgEnv } from "../support/microsoft-world.ts";
import { seedTenant } from "../support/tenant.ts";

/**
 * Program meetings in the *Microsoft Teams video call* mode, made with the organization's
 * install: the host's own Outlook calendar holds the event and its Teams meeting, written with
 * the install's app-only token; a member without a Teams licence books under the program's
 * fallback host rule, as with Zoom. Against the Microsoft sandbox.
 */
const world = await startConferencingWorld(teamsOrgEnv, { microsoft: true });
const { confab, db, vault } = world;
const microsoft = world.microsoft as NonNullable<typeof world.microsoft>;
const teams = createProviders(confab.config, db).get("ms_teams") as ConferencingProvider;
const acme = await seedTenant(db, "Acme");
const { p1 } = acme.programs;
const { mentor, mentee, member, orgAdmin, programAdmin } = acme.users;
const actor = { userId: orgAdmin.id, label: orgAdmin.email };
const as = (user: { id: string }) =>
  loadOrgAccess(db, { userId: user.id, isOperator: false }, "acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});
// In Acme's tenant: the mentor and member@ with a Teams licence, the mentee without one.
await microsoft.addWorkUser(mentor.email, { display_name: "Acme Mentor" });
await microsoft.addWorkUser(mentee.email, { teams_licensed: false, display_name: "Acme Mentee" });
await assignProgramRole(db, await as(orgAdmin), p1, { email: mentee.email, role: "mentee", actor });
await assignProgramRole(db, await as(orgAdmin), p1, { email: member.email, role: "mentee", actor });

// The org admin installs Teams; the tenant's Global Administrator signs in and consents.
const binding = newBrowserBinding();
const signInUrl = await startOrganizationInstall(
  { db, vault, provider: teams, redirectUri: oauthRedirectUri(confab.config, teams.name) },
  await as(orgAdmin),
  { binding, returnTo: "/o/acme/manage/integrations" },
);
const inBrowser = (url: URL) =>
  fetch(url, { headers: { cookie: `${bindingCookie}=${binding}` }, redirect: "manual" });
const { callback } = await installAtMicrosoft(
  signInUrl,
  microsoft.users.admin,
  async (url) => (await inBrowser(url)).headers.get("location") ?? undefined,
);
const back = await inBrowser(callback);
assert.match(back.headers.get("location") ?? "", /connection_result=connected/);
await setIntegrationProgram(db, await as(orgAdmin), {
  provider: teams,
  programId: p1.id,
  enabled: true,
  actor,
});
await setProgramProviderMode(db, await as(programAdmin), p1, {
  provider: teams,
  enabled: true,
  actor,
});

const made = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, "acme"), {
  name: "Acme mentoring app",
  redirectUris: [],
  actor: commandLineActor,
});
const acmeApp = `Basic ${Buffer.from(`${made.application.clientId}:${made.clientSecret}`).toString("base64")}`;

interface Reply {
  hosting: { host: string; hosted_by: string; reason: string };
  meeting_id: string;
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
  tzid: "Europe/London",
  duration_minutes: 45,
  invitees: [mentee.email],
  meeting_mode: "ms_teams",
  ...over,
});
const meetings = `/programs/${p1.id}/meetings`;
const useRule = async (rule: string) =>
  setFallbackHostRule(db, await as(programAdmin), p1, { rule, actor });
const ready = (id: string, who: string) =>
  eventually(
    async () => {
      const { body } = await call("GET", `${meetings}/${id}`, { as: who });
      return body.conferencing?.join_url ? body : undefined;
    },
    30_000,
    "the Teams join link",
  );
const eventsIn = async (mailbox: string) =>
  microsoft.control<
    { mailbox: string; event: { id: string; subject: string; organizer: unknown } }[]
  >("GET", `/graph/events?mailbox=${encodeURIComponent(mailbox)}`);

test("a licensed member's meeting is made once, in their own Outlook calendar, with a Teams join link", async () => {
  const before = await microsoft.calls({ method: "POST" });
  const created = await call("POST", meetings, {
    as: mentor.email,
    body: meeting({ title: "Mentor's own session" }),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const done = await ready(created.body.meeting_id, mentor.email);
  assert.deepEqual(
    done.people.map((p) => [p.email, p.role]),
    [
      [mentor.email, "host"],
      [mentee.email, "participant"],
    ],
  );
  assert.match(done.conferencing.join_url ?? "", /\/teams\/l\/meetup-join\//);

  const posts = (await microsoft.calls({ method: "POST" }))
    .slice(before.length)
    .filter((c) => c.path.endsWith("/events"));
  assert.deepEqual(
    posts.map((c) => [c.path, c.status]),
    [[`/v1.0/users/${encodeURIComponent(mentor.email)}/events`, 201]],
  );
  const held = await eventsIn(mentor.email);
  assert.deepEqual(
    held.map((e) => e.event.subject),
    ["Mentor's own session"],
  );
  assert.deepEqual(await eventsIn(microsoft.users.admin), []);
});

test("an unlicensed mentee's meeting follows the program's rule: the first licensed invitee hosts it in their calendar", async () => {
  await useRule("licensed_invitee");
  const body = meeting({ title: "Mentee's session", invitees: [mentor.email, member.email] });
  const dry = await call("POST", meetings, { as: mentee.email, body: { ...body, dry_run: true } });
  assert.equal(dry.status, 200, JSON.stringify(dry.body));
  assert.equal(dry.body.hosting.host, mentor.email);
  assert.equal(dry.body.hosting.hosted_by, "licensed_invitee");
  assert.match(dry.body.hosting.reason, /has no licence/);
  const created = await call("POST", meetings, { as: mentee.email, body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const done = await ready(created.body.meeting_id, mentee.email);
  assert.equal(done.people.find((p) => p.role === "host")?.email, mentor.email);
  const subjects = (await eventsIn(mentor.email)).map((e) => e.event.subject);
  assert.ok(subjects.includes("Mentee's session"), subjects.join(", "));
  assert.deepEqual(await eventsIn(mentee.email), []);

  // Cancelling deletes the event from the host's mailbox, where it was made.
  const cancelled = await call("DELETE", `${meetings}/${created.body.meeting_id}`, {
    as: mentee.email,
  });
  assert.equal(cancelled.status, 202);
  await eventually(
    async () =>
      (await eventsIn(mentor.email)).every((e) => e.event.subject !== "Mentee's session") ||
      undefined,
    30_000,
    "the cancelled meeting's event gone from the host's calendar",
  );
  const deletes = await microsoft.calls({ method: "DELETE" });
  assert.ok(
    deletes.some(
      (c) =>
        c.path.startsWith(`/v1.0/users/${encodeURIComponent(mentor.email)}/events/`) &&
        c.status === 204,
    ),
    JSON.stringify(deletes),
  );
});

test("under the refuse rule an unlicensed mentee is told why before anything is saved", async () => {
  await useRule("refuse");
  const before = await countRows(db, "events");
  const refused = await call("POST", meetings, {
    as: mentee.email,
    body: meeting({ invitees: [mentor.email] }),
  });
  assert.equal(refused.status, 422);
  assert.match(
    refused.body.errors.mode?.[0]?.description ?? "",
    /has no licence, so Microsoft Teams does not let you host/,
  );
  assert.equal(await countRows(db, "events"), before);
});
