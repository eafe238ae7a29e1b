import assert from "node:assert/strict";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { createUser } from "../../src/accounts/create-user.ts";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { demoOrganization, demoPeople } from "../../src/demo/demo-people.ts";
import { seedDemoData } from "../../src/demo/seed-demo-data.ts";
import { demoMicrosoftApps } from "../../src/demo/start-demo-microsoft.ts";
import { demoZoomApps } from "../../src/demo/start-demo-zoom.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { cleanup } from "../support/cleanup.ts";
import { consentAtMicrosoft } from "../support/microsoft-consent.ts";
import { startTestApp } from "../support/test-app.ts";
import { webClient } from "../support/web-client.ts";

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "confab-demo-"));
cleanup(() => fs.rm(dataDir, { recursive: true, force: true }));

// confab as `npm start` composes it, with the demo on: its own Zoom sandbox, its data seeded.
const confab = await startTestApp(undefined, {
  env: { CONFAB_DEMO: "1", CONFAB_DATA_DIR: dataDir },
});
const db = confab.database.db;

async function sandbox<T>(route: string): Promise<T> {
  const url = confab.demo?.zoomSandboxUrl;
  assert.ok(url, "the demo runs a Zoom sandbox");
  const reply = await fetch(`${url}/_sandbox${route}`);
  assert.equal(reply.status, 200);
  return (await reply.json()) as T;
}

test("the demo is on by default with the embedded database only, and never in production", () => {
  assert.equal(loadConfig({}).demo, true);
  assert.equal(loadConfig({ CONFAB_DEMO: "0" }).demo, false);
  assert.equal(loadConfig({ DATABASE_URL: "postgres://u:p@db/confab" }).demo, false);
  assert.equal(
    loadConfig({ DATABASE_URL: "postgres://u:p@db/confab", CONFAB_DEMO: "1" }).demo,
    true,
  );
  const production = {
    NODE_ENV: "production",
    DATABASE_URL: "postgres://u:p@db/confab",
    CONFAB_SECRET_KEY: confab.config.secretKey ?? "",
    PUBLIC_URL: "https://confab.example.com",
    SMTP_URL: "smtp://smtp.example.com:587",
  };
  assert.equal(loadConfig(production).demo, false);
  assert.throws(
    () => loadConfig({ ...production, CONFAB_DEMO: "1" }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.includes("CONFAB_DEMO=1 is not allowed when NODE_ENV=production"),
  );
  assert.throws(() => loadConfig({ CONFAB_DEMO: "yes" }), /CONFAB_DEMO must be 0 or 1/);
});

test("the demo organization has two programs, its admins, a program admin, mentors and mentees, integrations on and an application", async () => {
  const organization = await db
    .selectFrom("organizations")
    .selectAll()
    .where("slug", "=", demoOrganization.slug)
    .executeTakeFirstOrThrow();
  assert.equal(organization.integrations_enabled, true);
  const programs = await db
    .selectFrom("programs")
    .select("name")
    .where("organization_id", "=", organization.id)
    .orderBy("name")
    .execute();
  assert.deepEqual(
    programs.map((p) => p.name),
    ["Engineering track", "Leadership track"],
  );
  const roles = await db
    .selectFrom("program_roles")
    .innerJoin("users", "users.id", "program_roles.user_id")
    .select(["users.email", "program_roles.role"])
    .where("program_roles.organization_id", "=", organization.id)
    .execute();
  for (const role of ["program_admin", "mentor", "mentee"]) {
    assert.ok(
      roles.some((r) => r.role === role),
      `someone is ${role}`,
    );
  }
  const admins = await db
    .selectFrom("memberships")
    .select("user_id")
    .where("organization_id", "=", organization.id)
    .where("role", "=", "org_admin")
    .execute();
  assert.equal(admins.length, 2);
  const applications = await db
    .selectFrom("applications")
    .select("name")
    .where("organization_id", "=", organization.id)
    .execute();
  assert.equal(applications.length, 1);
  assert.ok(confab.demo?.application?.clientSecret?.startsWith("cfbs_"), "shown when it is made");
});

test("seeding again adds nothing: not a person, an organization, a program or an application", async () => {
  const count = async () =>
    Promise.all(
      (["users", "organizations", "programs", "memberships", "applications"] as const).map(
        async (table) =>
          Number(
            (
              await db
                .selectFrom(table)
                .select((eb) => eb.fn.countAll().as("n"))
                .executeTakeFirstOrThrow()
            ).n,
          ),
      ),
    );
  const before = await count();
  const again = await seedDemoData(db, openVault(confab.config), {
    publicUrl: confab.config.publicUrl,
  });
  assert.equal(again.seeded, false);
  assert.equal(again.application?.clientId, confab.demo?.application?.clientId);
  assert.equal(again.application?.clientSecret, undefined, "a client secret is shown once only");
  assert.deepEqual(await count(), before);
});

test("the Zoom sandbox holds a paid and a free account, users matching the demo people, and confab's two apps", async () => {
  const apps =
    await sandbox<
      {
        client_id: string;
        kind: string;
        redirect_uris: string[];
        scopes: string[];
        webhook_url: string;
        webhook_url_validated: boolean;
      }[]
    >("/apps");
  assert.deepEqual(
    apps.map((a) => [a.client_id, a.kind]),
    [
      [demoZoomApps.user.clientId, "user"],
      [demoZoomApps.org.clientId, "admin"],
    ],
  );
  for (const app of apps) {
    assert.deepEqual(app.redirect_uris, [`${confab.url}/oauth/zoom/callback`]);
    assert.equal(app.webhook_url, `${confab.url}/webhooks/zoom`);
    assert.equal(app.webhook_url_validated, true, "confab answered the sandbox's challenge");
    assert.ok(!app.scopes.some((s) => s.includes("recording")), "no recording scope, ever");
  }
  // confab is configured against the sandbox, by configuration alone.
  const me = await fetch(`${confab.demo?.zoomSandboxUrl}/v2/users/me`);
  assert.equal(me.status, 401);

  // Zoom knows the demo people by their emails: the owner may install the admin-managed app, a
  // plain member may not, and the mentee's own free account may consent to the user-managed one.
  const consent = async (clientId: string, email: string) =>
    fetch(`${confab.demo?.zoomSandboxUrl}/oauth/authorize`, {
      method: "POST",
      redirect: "manual",
      body: new URLSearchParams({
        response_type: "code",
        client_id: clientId,
        redirect_uri: `${confab.url}/oauth/zoom/callback`,
        state: "s",
        email,
        decision: "allow",
      }),
    });
  assert.equal((await consent(demoZoomApps.org.clientId, "grace@northwind.example")).status, 302);
  assert.equal((await consent(demoZoomApps.org.clientId, "omar@northwind.example")).status, 403);
  assert.equal((await consent(demoZoomApps.user.clientId, "ben@northwind.example")).status, 302);
  assert.equal((await consent(demoZoomApps.user.clientId, "sofia@northwind.example")).status, 200);
  const users = demoPeople.filter((p) => p.zoom);
  assert.ok(users.some((p) => p.zoom?.type === 1 && p.zoom.account === "free"));
  assert.ok(users.some((p) => p.orgRole === "org_admin" && p.zoom?.role === "owner"));
  assert.ok(users.filter((p) => p.role === "Mentor").every((p) => p.zoom?.type === 2));
});

test("the Microsoft sandbox holds Northwind's tenant, the demo people's Microsoft accounts and confab's user and organization apps", async () => {
  const url = confab.demo?.microsoftSandboxUrl;
  assert.ok(url, "the demo runs a Microsoft sandbox");
  const control = async <T>(route: string) => {
    const reply = await fetch(`${url}/_sandbox${route}`);
    assert.equal(reply.status, 200);
    return (await reply.json()) as T;
  };
  const tenants = await control<{ id: string; domain: string }[]>("/tenants");
  const northwind = tenants.find((t) => t.domain === "northwind.example");
  assert.ok(northwind, "a tenant on the demo people's own domain");
  const users =
    await control<
      {
        user_principal_name: string;
        tenant_id: string;
        account_type: string;
        teams_licensed: boolean;
        admin_role: string | null;
      }[]
    >("/users");
  const of = (email: string) => users.find((u) => u.user_principal_name === email);
  assert.equal(of("grace@northwind.example")?.admin_role, "global_administrator");
  assert.equal(of("maya@northwind.example")?.teams_licensed, true);
  assert.equal(of("maya@northwind.example")?.tenant_id, northwind.id);
  assert.equal(of("sofia@northwind.example")?.teams_licensed, false);
  assert.equal(of("ben.okafor@outlook.com")?.account_type, "personal");
  assert.equal(of("noah@northwind.example"), undefined);
  const apps = await control<{ client_id: string; redirect_uris: string[] }[]>("/apps");
  assert.deepEqual(
    apps.map((a) => [a.client_id, a.redirect_uris]),
    [
      [demoMicrosoftApps.user.clientId, [`${confab.url}/oauth/ms_teams/callback`]],
      [demoMicrosoftApps.organization.clientId, [`${confab.url}/oauth/ms_teams/callback`]],
    ],
  );
});

test("in the demo Maya connects her Teams, and Ben's personal outlook.com account is refused with the reason", async () => {
  const connect = async (confabEmail: string, microsoftEmail: string) => {
    const client = webClient(confab.app as NonNullable<typeof confab.app>);
    await client.get("/sign-in");
    await client.post("/sign-in/demo", { email: confabEmail });
    const page = await client.get("/account/conferencing/add");
    assert.match(page.body, /Connect Microsoft Teams/);
    const started = await client.post("/account/conferencing/add/ms_teams");
    assert.equal(started.status, 303, started.body);
    assert.ok(
      started.location?.startsWith(`${confab.demo?.microsoftSandboxUrl}/`),
      "confab sends the person to the Microsoft sandbox, by configuration alone",
    );
    const back = await consentAtMicrosoft(started.location ?? "", microsoftEmail);
    const returned = await client.get(`${back.pathname}${back.search}`);
    const landed = await client.get(returned.location ?? "");
    return { result: new URL(returned.location ?? "", confab.url), page: landed.body };
  };
  const maya = await connect("maya@northwind.example", "maya@northwind.example");
  assert.equal(maya.result.searchParams.get("connection_result"), "connected");
  assert.match(maya.page, /Microsoft Teams/);
  const ben = await connect("ben@northwind.example", "ben.okafor@outlook.com");
  assert.equal(ben.result.searchParams.get("connection_result"), "refused");
  assert.match(ben.page, /personal Microsoft account/);
});

test("the sign-in page lists the demo accounts by role under a banner naming the sandbox", async () => {
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  const page = await client.get("/sign-in");
  assert.equal(page.status, 200);
  assert.match(page.body, /Demo mode\./);
  assert.ok(page.body.includes(confab.demo?.zoomSandboxUrl ?? "missing"));
  assert.match(page.body, /Microsoft: personal account ben\.okafor@outlook\.com/);
  for (const role of ["Organization admin", "Program admin", "Mentor", "Mentee", "Operator"]) {
    assert.match(page.body, new RegExp(`<h3 class="demo-role">${role}</h3>`));
  }
  for (const person of demoPeople) assert.ok(page.body.includes(`Sign in as ${person.name}`));
});

test("one click signs a demo person in, and lands them in their organization", async () => {
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  await client.get("/sign-in");
  const signedIn = await client.post("/sign-in/demo", { email: "maya@northwind.example" });
  assert.equal(signedIn.status, 303);
  assert.equal(signedIn.location, "/");
  const home = await client.get("/");
  assert.equal(home.location, `/o/${demoOrganization.slug}`);
  const organization = await client.get(`/o/${demoOrganization.slug}`);
  assert.equal(organization.status, 200);
  assert.match(organization.body, /Maya Chen/);
});

test("one-click sign-in refuses any account that is not a demo person, and forged forms", async () => {
  await createUser(db, {
    email: "ops@example.com",
    password: "a password nobody here knows",
    isOperator: true,
  });
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  await client.get("/sign-in");
  const refused = await client.post("/sign-in/demo", { email: "ops@example.com" });
  assert.equal(refused.status, 403);
  assert.equal(
    refused.setCookies.some((c) => c.name.includes("session")),
    false,
  );
  const forged = await client.postRaw("/sign-in/demo", { email: "grace@northwind.example" });
  assert.equal(forged.status, 403);
  assert.match(forged.body, /This form has expired/);
});

test("demo accounts have no password anyone knows: the password form never lets them in", async () => {
  const client = webClient(confab.app as NonNullable<typeof confab.app>);
  await client.get("/sign-in");
  const reply = await client.post("/sign-in", {
    email: "grace@northwind.example",
    password: "",
  });
  assert.equal(reply.status, 401);
});
