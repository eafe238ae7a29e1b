import assert from "node:assert/strict";
import { test } from "node:test";
import { clientSecretPurpose } from "../../src/orgs/applications.ts";
import { createVault, generateSecretKey } from "../../src/vault/vault.ts";
import { cleanEnv, runConfab } from "../support/run-confab.ts";
import { useTestDatabase } from "../support/test-database.ts";

const database = await useTestDatabase();
const key = generateSecretKey();
const env = cleanEnv({ DATABASE_URL: database.connectionString, CONFAB_SECRET_KEY: key });

async function json(args: string[]) {
  const { code, stdout, stderr } = await runConfab([...args, "--json"], env);
  assert.equal(code, 0, stderr);
  return JSON.parse(stdout);
}

test("a script sets up a whole tenant without a browser: operator, org, user, program, member, app", async () => {
  const operator = await json([
    "operator",
    "create",
    "--email",
    "ops@example.com",
    "--password",
    "operator password",
  ]);
  assert.match(operator.user_id, /^usr_/);
  assert.equal(operator.created, true);

  const org = await json(["org", "create", "--name", "Acme Mentoring"]);
  assert.match(org.organization_id, /^org_/);
  assert.equal(org.slug, "acme-mentoring");

  const user = await json([
    "user",
    "create",
    "--email",
    "ada@example.com",
    "--password",
    "ada password 1",
    "--name",
    "Ada",
  ]);
  const program = await json(["program", "create", "--org", "acme-mentoring", "--name", "Leaders"]);
  assert.match(program.program_id, /^prg_/);
  const member = await json([
    "member",
    "add",
    "--org",
    "acme-mentoring",
    "--email",
    "ada@example.com",
    "--role",
    "org_admin",
    "--program",
    program.program_id,
    "--program-role",
    "mentor",
  ]);
  assert.equal(member.user_id, user.user_id);
  assert.equal(member.role, "org_admin");

  const app = await json([
    "app",
    "create",
    "--org",
    "acme-mentoring",
    "--name",
    "Scheduler",
    "--redirect-uri",
    "https://app.example/cb",
    "--redirect-uri",
    "http://localhost:3001/cb",
  ]);
  assert.match(app.client_id, /^cfbc_/);
  assert.match(app.client_secret, /^cfbs_/);
  const row = await database.db
    .selectFrom("applications")
    .select(["client_secret", "redirect_uris"])
    .where("client_id", "=", app.client_id)
    .executeTakeFirstOrThrow();
  assert.equal(createVault(key).decrypt(row.client_secret, clientSecretPurpose), app.client_secret);
  assert.deepEqual(row.redirect_uris, ["https://app.example/cb", "http://localhost:3001/cb"]);

  const enabled = await json(["org", "enable-integrations", "--org", "acme-mentoring"]);
  assert.equal(enabled.integrations_enabled, true);
  const [listed] = await json(["org", "list"]);
  assert.deepEqual(listed.admins, ["ada@example.com"]);
  assert.equal(listed.integrations_enabled, true);
});

test("what the domain refuses is said plainly with exit code 1, and nothing is written", async () => {
  const taken = await runConfab(["org", "create", "--name", "Acme Mentoring"], env);
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /Another organization already uses "acme-mentoring"/);
  const badUri = await runConfab(
    [
      "app",
      "create",
      "--org",
      "acme-mentoring",
      "--name",
      "X",
      "--redirect-uri",
      "http://evil.example/cb",
    ],
    env,
  );
  assert.equal(badUri.code, 1);
  assert.match(badUri.stderr, /use https/);
  const apps = await database.db.selectFrom("applications").select("id").execute();
  assert.equal(apps.length, 1);
  const unknown = await runConfab(
    ["member", "add", "--org", "nope", "--email", "ada@example.com"],
    env,
  );
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no organization with the slug "nope"/);
});

test("a missing required option is a usage error naming it", async () => {
  const { code, stderr } = await runConfab(["app", "create", "--org", "acme-mentoring"], env);
  assert.equal(code, 2);
  assert.match(stderr, /--name is required/);
});
