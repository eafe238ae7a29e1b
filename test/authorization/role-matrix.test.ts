import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import {
  commandLineActor,
  loadOrgAccess,
  loadOrgAccessForCommandLine,
} from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { prepareProgramMeeting } from "../../src/program-meetings/prepare-program-meeting.ts";
import { saveProgramMeeting } from "../../src/program-meetings/save-program-meeting.ts";
import { createProviders } from "../../src/providers/registry.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Every role against every page and action, over real HTTP: what each may see and do in their
 * own organization, and that another organization's ids answer 404 whoever asks.
 */
// Zoom for organizations is configured (nothing here reaches it: only its consent URL is made).
const { app, db, config } = await buildWebApp({
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_ORG_CLIENT_ID: "matrix-org-app",
  ZOOM_ORG_CLIENT_SECRET: "matrix-org-app-secret",
});
const acme = await seedTenant(db, "Acme");
const globex = await seedTenant(db, "Globex");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});
await seedOperator(db);
const vault = openVault(config);
const acmeApp = await createApplication(db, vault, await loadOrgAccessForCommandLine(db, "acme"), {
  name: "Acme scheduler",
  redirectUris: ["https://acme.example/callback"],
  actor: commandLineActor,
});
const globexApp = await createApplication(
  db,
  vault,
  await loadOrgAccessForCommandLine(db, "globex"),
  { name: "Globex scheduler", redirectUris: [], actor: commandLineActor },
);

// A meeting the mentor made in Leaders with the program admin, and one in Globex.
async function seedMeeting(tenant: typeof acme, slug: string) {
  const access = await loadOrgAccess(
    db,
    { userId: tenant.users.mentor.id, isOperator: false },
    slug,
  );
  const { mentor, programAdmin } = tenant.users;
  const prepared = await prepareProgramMeeting(
    { db, vault, providers: createProviders(config, db) },
    access,
    tenant.programs.p1,
    { userId: mentor.id, email: mentor.email, name: mentor.name },
    {
      title: "Matrix meeting",
      description: "",
      date: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      time: "10:00",
      duration: "30",
      timeZone: "Etc/UTC",
      invitees: [programAdmin.id],
      mode: "in_person",
    },
  );
  return saveProgramMeeting(db, access, tenant.programs.p1, prepared);
}
const acmeMeeting = await seedMeeting(acme, "acme");
const globexMeeting = await seedMeeting(globex, "globex");

const personas = [
  "anonymous",
  "operator",
  "outsider",
  "orgAdmin",
  "programAdmin",
  "mentor",
  "mentee",
  "member",
] as const;
type Persona = (typeof personas)[number];

const clients = {} as Record<Persona, ReturnType<typeof webClient>>;
for (const persona of personas) {
  const client = webClient(app);
  const email = {
    anonymous: undefined,
    operator: "operator@confab.example",
    outsider: globex.users.orgAdmin.email,
    orgAdmin: acme.users.orgAdmin.email,
    programAdmin: acme.users.programAdmin.email,
    mentor: acme.users.mentor.email,
    mentee: acme.users.mentee.email,
    member: acme.users.member.email,
  }[persona];
  if (email) await client.signIn(email, password);
  else await client.get("/sign-in");
  clients[persona] = client;
}

const o = "/o/acme";
const p1 = `${o}/programs/${acme.programs.p1.id}`;
const p2 = `${o}/programs/${acme.programs.p2.id}`;

/** Status by persona; `others` covers the personas not named. */
function expect(statuses: Partial<Record<Persona, number>> & { others: number }) {
  return (persona: Persona) => statuses[persona] ?? statuses.others;
}
// Signed-out visitors are sent to sign in; non-members find nothing.
const visitor = { anonymous: 303, operator: 404, outsider: 404 };
const visitorPost = { anonymous: 401, operator: 404, outsider: 404 };

const matrix: {
  action: string;
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
  status: (p: Persona) => number;
}[] = [
  {
    action: "see the organization's start page",
    method: "GET",
    path: o,
    status: expect({ ...visitor, others: 200 }),
  },
  ...["manage", "manage/members", "manage/programs", "manage/applications"]
    .concat([
      "manage/integrations",
      "manage/audit-log",
      `manage/applications/${acmeApp.application.id}`,
    ])
    .map((page) => ({
      action: `open ${page}`,
      method: "GET" as const,
      path: `${o}/${page}`,
      status: expect({ ...visitor, orgAdmin: 200, others: 403 }),
    })),
  {
    action: "see a program",
    method: "GET",
    path: p1,
    status: expect({ ...visitor, orgAdmin: 200, programAdmin: 200, mentor: 200, others: 403 }),
  },
  {
    action: "open a program's settings → Permissions",
    method: "GET",
    path: `${p1}/settings/permissions`,
    status: expect({ ...visitor, orgAdmin: 200, programAdmin: 200, others: 403 }),
  },
  {
    action: "open the settings of a program one does not administer",
    method: "GET",
    path: `${p2}/settings/permissions`,
    status: expect({ ...visitor, orgAdmin: 200, others: 403 }),
  },
  {
    action: "turn a meeting mode off",
    method: "POST",
    path: `${p1}/settings/meeting-modes/phone`,
    form: { enabled: "false" },
    status: expect({ ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 }),
  },
  // The org admin adds it first, so the program admin, allowed too, finds it taken.
  {
    action: "add a meeting mode",
    method: "POST",
    path: `${p1}/settings/meeting-modes`,
    form: { label: "Walk" },
    status: expect({ ...visitorPost, orgAdmin: 303, programAdmin: 409, others: 403 }),
  },
  {
    action: "give someone a role in a program",
    method: "POST",
    path: `${p1}/roles`,
    form: { email: acme.users.member.email, role: "mentee" },
    status: expect({ ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 }),
  },
  {
    action: "create a program",
    method: "POST",
    path: `${o}/manage/programs`,
    form: { name: "Matrix" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "invite a member",
    method: "POST",
    path: `${o}/manage/members/invitations`,
    form: { email: "new@acme.example", role: "member" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "change a member's organization role",
    method: "POST",
    path: `${o}/manage/members/${acme.users.member.id}/role`,
    form: { role: "member" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "register an application",
    method: "POST",
    path: `${o}/manage/applications`,
    form: { name: "Matrix app", redirect_uris: "" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "rotate an application's secret",
    method: "POST",
    path: `${o}/manage/applications/${acmeApp.application.id}/rotate-secret`,
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "open the operator's console",
    method: "GET",
    path: "/operator",
    status: expect({ anonymous: 303, operator: 200, others: 403 }),
  },
  {
    action: "enable integrations for an organization",
    method: "POST",
    path: `/operator/organizations/${acme.organization.id}/integrations`,
    form: { enabled: "true" },
    status: expect({ anonymous: 401, operator: 303, others: 403 }),
  },
  // Organization Zoom (F10): org admins install, remove and enable per program; a program admin
  // switches Zoom video call in their own program only.
  {
    action: "open the Install Zoom confirmation",
    method: "GET",
    path: `${o}/manage/integrations/zoom/install`,
    status: expect({ ...visitor, orgAdmin: 200, others: 403 }),
  },
  {
    action: "continue to Zoom's admin consent",
    method: "POST",
    path: `${o}/manage/integrations/zoom/install`,
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "enable Zoom for a program",
    method: "POST",
    path: `${o}/manage/integrations/zoom/programs/${acme.programs.p1.id}`,
    form: { enabled: "true" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "turn Zoom video call on while Zoom is not installed",
    method: "POST",
    path: `${p1}/settings/meeting-modes/zoom`,
    form: { enabled: "true" },
    status: expect({ ...visitorPost, orgAdmin: 409, programAdmin: 409, others: 403 }),
  },
  {
    action: "turn Zoom video call off",
    method: "POST",
    path: `${p1}/settings/meeting-modes/zoom`,
    form: { enabled: "false" },
    status: expect({ ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 }),
  },
  {
    action: "turn Zoom video call off in a program one does not administer",
    method: "POST",
    path: `${p2}/settings/meeting-modes/zoom`,
    form: { enabled: "false" },
    status: expect({ ...visitorPost, orgAdmin: 303, others: 403 }),
  },
  {
    action: "open the Remove Zoom confirmation when Zoom is not installed",
    method: "GET",
    path: `${o}/manage/integrations/zoom/remove`,
    status: expect({ ...visitor, orgAdmin: 404, others: 403 }),
  },
  {
    action: "remove Zoom when it is not installed",
    method: "POST",
    path: `${o}/manage/integrations/zoom/remove`,
    status: expect({ ...visitorPost, orgAdmin: 404, others: 403 }),
  },
  {
    action: "press Done for another organization's Zoom install",
    method: "POST",
    path: `${o}/manage/integrations/zoom/done`,
    form: { connection_id: "int_other" },
    status: expect({ ...visitorPost, orgAdmin: 404, others: 403 }),
  },
  // Meetings in a program (F9): anyone in it makes one; the organizer changes, cancels and starts
  // it; invitees and the program's admins see it; nobody else learns it exists. By now the member
  // is a mentee in Leaders (given the role above), but not invited to the mentor's meeting.
  {
    action: "open New meeting in a program",
    method: "GET",
    path: `${p1}/meetings/new`,
    status: expect({
      ...visitor,
      orgAdmin: 200,
      programAdmin: 200,
      mentor: 200,
      member: 200,
      others: 403,
    }),
  },
  {
    action: "make a meeting in a program",
    method: "POST",
    path: `${p1}/meetings`,
    form: {
      title: "Matrix",
      date: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
      time: "11:00",
      duration: "30",
      timeZone: "Etc/UTC",
      invitees: acme.users.mentor.id,
      mode: "in_person",
    },
    // The mentor cannot invite only themselves: the form says so.
    status: expect({
      ...visitorPost,
      orgAdmin: 303,
      programAdmin: 303,
      mentor: 400,
      member: 303,
      others: 403,
    }),
  },
  {
    action: "see a meeting in a program",
    method: "GET",
    path: `${p1}/meetings/${acmeMeeting.id}`,
    status: expect({
      ...visitor,
      orgAdmin: 200,
      programAdmin: 200,
      mentor: 200,
      member: 404,
      others: 403,
    }),
  },
  {
    action: "open a meeting's Change form",
    method: "GET",
    path: `${p1}/meetings/${acmeMeeting.id}/edit`,
    status: expect({ ...visitor, mentor: 200, member: 404, others: 403 }),
  },
  {
    action: "open a meeting's Cancel confirmation",
    method: "GET",
    path: `${p1}/meetings/${acmeMeeting.id}/cancel`,
    status: expect({ ...visitor, mentor: 200, member: 404, others: 403 }),
  },
  {
    action: "start a meeting that has no video meeting",
    method: "GET",
    path: `${p1}/meetings/${acmeMeeting.id}/start`,
    status: expect({ ...visitor, mentor: 409, member: 404, others: 403 }),
  },
  {
    action: "open another organization's meeting",
    method: "GET",
    path: `${o}/programs/${globex.programs.p1.id}/meetings/${globexMeeting.id}`,
    status: expect({ ...visitor, others: 404 }),
  },
  {
    action: "open another organization's meeting under one's own program",
    method: "GET",
    path: `${p1}/meetings/${globexMeeting.id}`,
    status: expect({
      ...visitor,
      orgAdmin: 404,
      programAdmin: 404,
      mentor: 404,
      member: 404,
      others: 403,
    }),
  },
  // Another organization's ids, reached through one's own organization: never found.
  {
    action: "enable Zoom for another organization's program",
    method: "POST",
    path: `${o}/manage/integrations/zoom/programs/${globex.programs.p1.id}`,
    form: { enabled: "true" },
    status: expect({ ...visitorPost, orgAdmin: 404, others: 403 }),
  },
  {
    action: "turn Zoom video call off in another organization's program",
    method: "POST",
    path: `${o}/programs/${globex.programs.p1.id}/settings/meeting-modes/zoom`,
    form: { enabled: "false" },
    status: expect({ ...visitorPost, others: 404 }),
  },
  {
    action: "open another organization's program",
    method: "GET",
    path: `${o}/programs/${globex.programs.p1.id}`,
    status: expect({ ...visitor, others: 404 }),
  },
  {
    action: "open another organization's program settings",
    method: "GET",
    path: `${o}/programs/${globex.programs.p1.id}/settings/permissions`,
    status: expect({ ...visitor, others: 404 }),
  },
  {
    action: "open another organization's application",
    method: "GET",
    path: `${o}/manage/applications/${globexApp.application.id}`,
    status: expect({
      ...visitor,
      programAdmin: 403,
      mentor: 403,
      mentee: 403,
      member: 403,
      others: 404,
    }),
  },
  {
    action: "delete another organization's application",
    method: "POST",
    path: `${o}/manage/applications/${globexApp.application.id}/delete`,
    status: expect({
      ...visitorPost,
      programAdmin: 403,
      mentor: 403,
      mentee: 403,
      member: 403,
      others: 404,
    }),
  },
  {
    action: "remove another organization's member",
    method: "POST",
    path: `${o}/manage/members/${globex.users.member.id}/remove`,
    status: expect({ ...visitorPost, orgAdmin: 404, others: 403 }),
  },
  {
    action: "turn off a meeting mode of another organization's program",
    method: "POST",
    path: `${o}/programs/${globex.programs.p1.id}/settings/meeting-modes/phone`,
    form: { enabled: "false" },
    status: expect({ ...visitorPost, others: 404 }),
  },
];

for (const row of matrix) {
  const name = `who may ${row.action} (${row.method} ${row.path})`.replace(/_[0-9a-f]{20}/g, "_…");
  test(name, async () => {
    const wrong: string[] = [];
    for (const persona of personas) {
      const client = clients[persona];
      const reply =
        row.method === "GET" ? await client.get(row.path) : await client.post(row.path, row.form);
      if (reply.status !== row.status(persona)) {
        wrong.push(`${persona}: expected ${row.status(persona)}, got ${reply.status}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
}

test("nothing of another organization changed under all those attempts", async () => {
  const modes = await db
    .selectFrom("meeting_modes")
    .select(["key", "enabled"])
    .where("program_id", "=", globex.programs.p1.id)
    .execute();
  assert.ok(modes.every((m) => m.enabled));
  const app = await db
    .selectFrom("applications")
    .select("id")
    .where("id", "=", globexApp.application.id)
    .executeTakeFirst();
  assert.ok(app, "the other organization's application is still there");
  const member = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("user_id", "=", globex.users.member.id)
    .executeTakeFirst();
  assert.ok(member);
  const zoomPrograms = await db
    .selectFrom("integration_programs")
    .select("program_id")
    .where("organization_id", "=", globex.organization.id)
    .execute();
  assert.deepEqual(zoomPrograms, []);
});
