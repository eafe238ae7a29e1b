import assert from "node:assert/strict";
import { test } from "node:test";
import { describeAuditAction } from "../../src/audit/audit-actions.ts";
import { DomainError } from "../../src/domain-error.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { roleKeysInWords } from "../../src/web/pages/role-labels.ts";
import { password, seedOperator, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
await seedTenant(db, "Globex");
const operator = await seedOperator(db);

const count = async () =>
  (
    await db
      .selectFrom("audit_entries")
      .select(db.fn.countAll<string>().as("n"))
      .where("organization_id", "=", acme.organization.id)
      .executeTakeFirstOrThrow()
  ).n;

test("the operator enabling integrations is recorded, and the admin's Integrations page shows it", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const before = await admin.get("/o/acme/manage/integrations");
  assert.match(before.body, /Integrations are not enabled for Acme/);
  assert.match(
    before.body,
    /Ask your confab operator[^<]*<a href="mailto:operator@confab\.example">/,
  );
  assert.doesNotMatch(before.body, /data-integration="zoom"/);

  const op = webClient(app);
  await op.signIn(operator.email, password);
  await op.get("/operator");
  const toggled = await op.post(`/operator/organizations/${acme.organization.id}/integrations`, {
    enabled: "true",
  });
  assert.equal(toggled.status, 303);

  const after = await admin.get("/o/acme/manage/integrations");
  assert.match(after.body, /data-integration="zoom"/);
  const log = await admin.get("/o/acme/manage/audit-log");
  assert.match(
    log.body,
    /operator@confab\.example<\/td>\s*<td>enabled integrations <strong>Acme<\/strong>/,
  );
});

test("a change that fails writes no audit entry: entry and change share one transaction", async () => {
  const before = await count();
  await assert.rejects(
    setIntegrationsEnabled(db, {
      organizationId: "org_doesnotexist",
      enabled: true,
      actor: { userId: null, label: "test" },
    }),
    DomainError,
  );
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get("/o/acme/manage/programs");
  const duplicate = await admin.post("/o/acme/manage/programs", { name: "Leaders" });
  assert.equal(duplicate.status, 409);
  assert.equal(await count(), before);
});

test("an organization's audit log lists only its own entries", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const log = await admin.get("/o/acme/manage/audit-log");
  assert.match(log.body, /created program <strong>Leaders<\/strong>/);
  assert.doesNotMatch(log.body, /globex/i);
});

test("the audit log names roles and actions in words, never by their keys", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const log = await admin.get("/o/acme/manage/audit-log");
  const table = /<table[\s\S]*<\/table>/.exec(log.body)?.[0] ?? "";
  assert.match(table, /added member <strong>admin@acme\.example \(organization admin\)<\/strong>/);
  assert.match(
    table,
    /assigned a program role to <strong>program-admin@acme\.example: program admin in Leaders<\/strong>/,
  );
  assert.doesNotMatch(table, /org_admin|program_admin|member\.added|program\.role_assigned/);
});

test("role keys become words only where they stand alone, so an address that contains one is kept", () => {
  assert.equal(
    roleKeysInWords("org_admin@acme.example: member → org_admin"),
    "org_admin@acme.example: member → organization admin",
  );
  assert.equal(describeAuditAction("integration.host_checked"), "integration host checked");
});
