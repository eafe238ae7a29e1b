import assert from "node:assert/strict";
import { test } from "node:test";
import { mailOff } from "../../src/mail/outbox.ts";
import { createApplication } from "../../src/orgs/applications.ts";
import { inviteMember } from "../../src/orgs/invitations.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { changedTables, databaseFingerprint } from "../support/database-fingerprint.ts";
import { fillPath, paramsOf, registeredRoutes } from "../support/registered-routes.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * Nobody sees or touches another organization's anything (F10). Every page and form under
 * /o/:org is read from the app, so a route added later is held to the same rules: signed-out
 * visitors are sent to sign in, people of other organizations (and operators who are not
 * members) find nothing, and another organization's ids reached through one's own
 * organization are never found, for any role, and change nothing.
 */
const { app, db, config } = await buildWebApp({
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_ORG_CLIENT_ID: "boundary-org-app",
  ZOOM_ORG_CLIENT_SECRET: "boundary-org-app-secret",
});
const vault = openVault(config);
const acme = await seedTenant(db, "Acme");
const globex = await seedTenant(db, "Globex");
await seedOperator(db);

async function fixturesOf(tenant: typeof acme) {
  const slug = tenant.organization.slug;
  await setIntegrationsEnabled(db, {
    organizationId: tenant.organization.id,
    enabled: true,
    actor: commandLineActor,
  });
  const access = await loadOrgAccessForCommandLine(db, slug);
  const made = await createApplication(db, vault, access, {
    name: `${slug} scheduler`,
    redirectUris: [],
    actor: commandLineActor,
  });
  await inviteMember(db, access, {
    email: `invited@${slug}.example`,
    role: "member",
    actor: commandLineActor,
    publicUrl: config.publicUrl,
    inviterName: "Test inviter",
    outbox: mailOff,
  });
  const invitation = await db
    .selectFrom("invitations")
    .select("id")
    .where("organization_id", "=", tenant.organization.id)
    .executeTakeFirstOrThrow();
  return {
    org: slug,
    programId: tenant.programs.p1.id,
    userId: tenant.users.member.id,
    appId: made.application.id,
    id: invitation.id,
    key: "phone",
  } as Record<string, string>;
}
const own = await fixturesOf(acme);
const foreign = await fixturesOf(globex);
// Fields a form might need, so that a refusal is about whose ids they are, not about the form.
const form = {
  name: "Boundary",
  label: "Boundary",
  labels: "Coach, Coachee",
  email: "boundary@acme.example",
  role: "member",
  enabled: "false",
  redirect_uris: "https://boundary.example/cb",
};

async function signedIn(email?: string) {
  const client = webClient(app);
  if (email) await client.signIn(email, password);
  else await client.get("/sign-in");
  return client;
}
const anonymous = await signedIn();
const outsider = await signedIn(globex.users.orgAdmin.email);
const operator = await signedIn("operator@confab.example");
const insiders = {
  orgAdmin: await signedIn(acme.users.orgAdmin.email),
  programAdmin: await signedIn(acme.users.programAdmin.email),
  mentor: await signedIn(acme.users.mentor.email),
  member: await signedIn(acme.users.member.email),
};

const organizationRoutes = registeredRoutes(app).filter(
  (r) => r.url.startsWith("/o/:org") && (r.method === "GET" || r.method === "POST"),
);

test("the organization's pages and forms are all found", () => {
  assert.ok(organizationRoutes.length >= 30, `${organizationRoutes.length} routes`);
  assert.ok(organizationRoutes.some((r) => r.url === "/o/:org/manage/members/:userId/remove"));
});

for (const route of organizationRoutes) {
  test(`${route.method} ${route.url}: signed-out visitors sign in first, outsiders and operators who are not members find nothing`, async () => {
    const url = fillPath(route.url, own);
    const send = (client: ReturnType<typeof webClient>) =>
      route.method === "GET" ? client.get(url) : client.post(url, form);
    const before = await databaseFingerprint(db);
    const visitor = await send(anonymous);
    if (route.method === "GET") {
      assert.equal(visitor.status, 303);
      assert.match(visitor.location ?? "", /^\/sign-in\?next=/);
    } else {
      assert.equal(visitor.status, 401);
    }
    assert.equal((await send(outsider)).status, 404, "a member of another organization");
    assert.equal((await send(operator)).status, 404, "an operator who is not a member");
    assert.deepEqual(changedTables(before, await databaseFingerprint(db)), []);
  });
}

const withIds = organizationRoutes.filter((r) =>
  paramsOf(r.url).some((name) => name !== "org" && foreign[name] !== undefined && name !== "key"),
);
for (const route of withIds) {
  test(`${route.method} ${route.url}: another organization's ids are not found by anyone here, and nothing of theirs changes`, async () => {
    const wrong: string[] = [];
    for (const name of paramsOf(route.url).filter(
      (n) => n !== "org" && n !== "key" && foreign[n],
    )) {
      const url = fillPath(route.url, { ...own, [name]: foreign[name] as string });
      for (const [who, client] of Object.entries(insiders)) {
        const before = await databaseFingerprint(db);
        const reply = route.method === "GET" ? await client.get(url) : await client.post(url, form);
        if (reply.status !== 404 && reply.status !== 403)
          wrong.push(`${who} ${url}: ${reply.status}`);
        const changed = changedTables(before, await databaseFingerprint(db));
        if (changed.length > 0) wrong.push(`${who} ${url} changed ${changed}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
}
