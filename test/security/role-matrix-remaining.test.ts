import assert from "node:assert/strict";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { saveConnection } from "../../src/connections/save-connection.ts";
import { mailOff } from "../../src/mail/outbox.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { inviteMember } from "../../src/orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { addMeetingMode } from "../../src/orgs/meeting-modes.ts";
import { addMember } from "../../src/orgs/members.ts";
import { assignProgramRole } from "../../src/orgs/programs.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * The actions test/authorization/role-matrix leaves out, each tried by every role: removing
 * and revoking things, the confirmations before them, program settings, and a person's own
 * conferencing profiles, which nobody else may touch. (Another organization's ids, for every
 * route, are in organization-boundaries.)
 */
const { app, db, config } = await buildWebApp();
const vault = openVault(config);
const acme = await seedTenant(db, "Acme");
await seedTenant(db, "Globex");
await seedOperator(db);
const access = await loadOrgAccessForCommandLine(db, "acme");
const p1 = acme.programs.p1;
const p2 = acme.programs.p2;

async function person(name: string) {
  const user = await createUser(db, { email: `${name}@acme.example`, password, name });
  await addMember(db, {
    organizationId: acme.organization.id,
    email: user.email,
    role: "member",
    actor: commandLineActor,
  });
  return user;
}
const leaver = await person("leaver");
const heldByA = await person("role-holder-a");
const heldByB = await person("role-holder-b");
for (const holder of [heldByA, heldByB]) {
  await assignProgramRole(db, access, p1, {
    email: holder.email,
    role: "mentor",
    actor: commandLineActor,
  });
}
for (const label of ["Walk A", "Walk B"]) {
  await addMeetingMode(db, access, p1, { label, actor: commandLineActor });
}
const customModes = await db
  .selectFrom("meeting_modes")
  .select(["key", "label"])
  .where("program_id", "=", p1.id)
  .where("kind", "=", "custom")
  .orderBy("label")
  .execute();
const [modeA, modeB] = customModes.map((m) => m.key);
await inviteMember(db, access, {
  email: "invited@acme.example",
  role: "member",
  actor: commandLineActor,
  publicUrl: config.publicUrl,
  inviterName: "Test inviter",
  outbox: mailOff,
});
const invitation = await db.selectFrom("invitations").select("id").executeTakeFirstOrThrow();
const kept = await createApplication(db, vault, access, {
  name: "Kept",
  redirectUris: [],
  actor: commandLineActor,
});
const doomed = await createApplication(db, vault, access, {
  name: "Doomed",
  redirectUris: [],
  actor: commandLineActor,
});
const mentorProfile = await saveConnection(db, vault, {
  provider: "zoom",
  kind: "personal",
  ownerRef: acme.users.mentor.id,
  grant: {
    accessToken: "matrix-access",
    refreshToken: "matrix-refresh",
    expiresAt: new Date(Date.now() + 3600_000),
    scopes: [],
    externalKey: "zoom-mentor",
    externalAccountId: "zoom-account",
    externalUserId: "zoom-mentor",
    email: "mentor@zoom.example",
    displayName: "Mentor",
  },
});

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
  const email = {
    anonymous: undefined,
    operator: "operator@confab.example",
    outsider: "admin@globex.example",
    orgAdmin: acme.users.orgAdmin.email,
    programAdmin: acme.users.programAdmin.email,
    mentor: acme.users.mentor.email,
    mentee: acme.users.mentee.email,
    member: acme.users.member.email,
  }[persona];
  const client = webClient(app);
  if (email) await client.signIn(email, password);
  else await client.get("/sign-in");
  clients[persona] = client;
}

const o = "/o/acme";
const visitor = { anonymous: 303, operator: 404, outsider: 404 };
const visitorPost = { anonymous: 401, operator: 404, outsider: 404 };
const rows: {
  action: string;
  method: "GET" | "POST";
  path: string | ((p: Persona) => string);
  form?: Record<string, string>;
  expected: Partial<Record<Persona, number>> & { others: number };
}[] = [
  {
    action: "create an organization",
    method: "POST",
    path: "/operator/organizations",
    form: { name: "Matrix Org", slug: "matrix-org", admin_email: "" },
    expected: { anonymous: 401, operator: 303, others: 403 },
  },
  {
    action: "revoke an invitation",
    method: "POST",
    path: `${o}/manage/members/invitations/${invitation.id}/revoke`,
    expected: { ...visitorPost, orgAdmin: 303, others: 403 },
  },
  {
    action: "open the Remove member confirmation",
    method: "GET",
    path: `${o}/manage/members/${leaver.id}/remove`,
    expected: { ...visitor, orgAdmin: 200, others: 403 },
  },
  {
    action: "remove a member",
    method: "POST",
    path: `${o}/manage/members/${leaver.id}/remove`,
    expected: { ...visitorPost, orgAdmin: 303, others: 403 },
  },
  {
    action: "change an application's redirect URIs",
    method: "POST",
    path: `${o}/manage/applications/${kept.application.id}/redirect-uris`,
    form: { redirect_uris: "https://acme.example/connected" },
    expected: { ...visitorPost, orgAdmin: 303, others: 403 },
  },
  {
    action: "open the Rotate secret confirmation",
    method: "GET",
    path: `${o}/manage/applications/${kept.application.id}/rotate-secret`,
    expected: { ...visitor, orgAdmin: 200, others: 403 },
  },
  {
    action: "open the Delete application confirmation",
    method: "GET",
    path: `${o}/manage/applications/${doomed.application.id}/delete`,
    expected: { ...visitor, orgAdmin: 200, others: 403 },
  },
  {
    action: "delete an application",
    method: "POST",
    path: `${o}/manage/applications/${doomed.application.id}/delete`,
    expected: { ...visitorPost, orgAdmin: 303, others: 403 },
  },
  {
    action: "open the Remove role confirmation in a program",
    method: "GET",
    path: `${o}/programs/${p1.id}/roles/${heldByA.id}/remove`,
    expected: { ...visitor, orgAdmin: 200, programAdmin: 200, others: 403 },
  },
  {
    action: "remove someone's role in a program",
    method: "POST",
    path: (p) =>
      `${o}/programs/${p1.id}/roles/${p === "programAdmin" ? heldByB.id : heldByA.id}/remove`,
    expected: { ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 },
  },
  {
    action: "open the Remove meeting mode confirmation",
    method: "GET",
    path: `${o}/programs/${p1.id}/settings/meeting-modes/${modeA}/remove`,
    expected: { ...visitor, orgAdmin: 200, programAdmin: 200, others: 403 },
  },
  {
    action: "remove a custom meeting mode",
    method: "POST",
    path: (p) =>
      `${o}/programs/${p1.id}/settings/meeting-modes/${p === "programAdmin" ? modeB : modeA}/remove`,
    expected: { ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 },
  },
  {
    action: "rename a program's member roles",
    method: "POST",
    path: `${o}/programs/${p1.id}/settings/member-roles`,
    form: { labels: "mentor, mentee, coach" },
    expected: { ...visitorPost, orgAdmin: 303, programAdmin: 303, others: 403 },
  },
  {
    action: "rename the member roles of a program one does not administer",
    method: "POST",
    path: `${o}/programs/${p2.id}/settings/member-roles`,
    form: { labels: "mentor, mentee, coach" },
    expected: { ...visitorPost, orgAdmin: 303, others: 403 },
  },
  {
    action: "open the operator's view of provisioning",
    method: "GET",
    path: "/operator/operations",
    expected: { anonymous: 303, operator: 200, others: 403 },
  },
  {
    action: "make another person's conferencing profile their default",
    method: "POST",
    path: `/account/conferencing/${mentorProfile.id}/default`,
    expected: { anonymous: 401, mentor: 200, others: 404 },
  },
  {
    action: "open the removal of another person's conferencing profile",
    method: "GET",
    path: `/account/conferencing/${mentorProfile.id}/remove`,
    expected: { anonymous: 303, mentor: 200, others: 404 },
  },
];

for (const row of rows) {
  test(`who may ${row.action}`, async () => {
    const wrong: string[] = [];
    for (const persona of personas) {
      const path = typeof row.path === "function" ? row.path(persona) : row.path;
      const client = clients[persona];
      const reply =
        row.method === "GET" ? await client.get(path) : await client.post(path, row.form);
      const expected = row.expected[persona] ?? row.expected.others;
      if (reply.status !== expected)
        wrong.push(`${persona}: expected ${expected}, got ${reply.status}`);
    }
    assert.deepEqual(wrong, []);
  });
}

test("what was refused stayed: the member, the roles and modes others tried to remove, the profile", async () => {
  const modes = await db
    .selectFrom("meeting_modes")
    .select("key")
    .where("program_id", "=", p1.id)
    .where("kind", "=", "custom")
    .execute();
  assert.deepEqual(modes, [], "both custom modes were removed by those allowed to");
  const profile = await db
    .selectFrom("provider_connections")
    .select("status")
    .where("id", "=", mentorProfile.id)
    .executeTakeFirstOrThrow();
  assert.equal(profile.status, "connected");
  const stillThere = await db
    .selectFrom("applications")
    .select("id")
    .where("id", "=", kept.application.id)
    .executeTakeFirst();
  assert.ok(stillThere);
});
