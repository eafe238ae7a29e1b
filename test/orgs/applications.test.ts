import assert from "node:assert/strict";
import { test } from "node:test";
import {
  clientSecretPurpose,
  createApplication,
  deleteApplication,
  parseRedirectUris,
  rotateApplicationSecret,
} from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const { app, db, config } = await buildWebApp();
const acme = await seedTenant(db, "Acme");
const vault = openVault(config);
const access = await loadOrgAccessForCommandLine(db, "acme");

test("the client secret is stored encrypted under the vault and opens to the one shown", async () => {
  const { application, clientSecret } = await createApplication(db, vault, access, {
    name: "Scheduler",
    redirectUris: ["https://app.example/cb", "http://localhost:8080/cb"],
    actor: commandLineActor,
  });
  assert.match(application.id, /^app_[0-9a-f]{20}$/);
  const row = await db
    .selectFrom("applications")
    .select(["client_secret", "redirect_uris"])
    .where("id", "=", application.id)
    .executeTakeFirstOrThrow();
  assert.ok(!row.client_secret.includes(clientSecret));
  assert.match(row.client_secret, /^v1\./);
  assert.equal(vault.decrypt(row.client_secret, clientSecretPurpose), clientSecret);
  assert.deepEqual(row.redirect_uris, ["https://app.example/cb", "http://localhost:8080/cb"]);
});

test("redirect URIs must be absolute, without fragment, https or loopback http; each is named", () => {
  for (const bad of [
    "/relative",
    "http://app.example/cb",
    "https://app.example/cb#x",
    "ftp://x.example/",
  ]) {
    assert.throws(
      () => parseRedirectUris([bad]),
      (error: { fields?: Record<string, string> }) =>
        error.fields?.redirect_uris?.includes(bad) === true,
      bad,
    );
  }
  assert.deepEqual(
    parseRedirectUris("https://a.example/cb\nhttps://a.example/cb, https://b.example/x?y=1"),
    ["https://a.example/cb", "https://b.example/x?y=1"],
  );
});

test("rotating the secret replaces it, and a rotation and a deletion are in the audit log", async () => {
  const { application, clientSecret } = await createApplication(db, vault, access, {
    name: "Rotating",
    redirectUris: [],
    actor: commandLineActor,
  });
  const rotated = await rotateApplicationSecret(db, vault, access, {
    applicationId: application.id,
    actor: commandLineActor,
  });
  assert.notEqual(rotated.clientSecret, clientSecret);
  const row = await db
    .selectFrom("applications")
    .select("client_secret")
    .where("id", "=", application.id)
    .executeTakeFirstOrThrow();
  assert.equal(vault.decrypt(row.client_secret, clientSecretPurpose), rotated.clientSecret);
  await deleteApplication(db, access, { applicationId: application.id, actor: commandLineActor });
  const actions = await db
    .selectFrom("audit_entries")
    .select("action")
    .where("subject_label", "=", "Rotating")
    .orderBy("id")
    .execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ["application.created", "application.secret_rotated", "application.deleted"],
  );
});

test("in the browser the secret is shown once at registration, never on the application's page", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get("/o/acme/manage/applications");
  const created = await admin.post("/o/acme/manage/applications", {
    name: "Booking page",
    redirect_uris: "https://booking.example/connected",
  });
  assert.equal(created.status, 303);
  const shown = await admin.get(created.location ?? "");
  const secret = /data-client-secret>([^<]+)</.exec(shown.body)?.[1];
  assert.match(secret ?? "", /^cfbs_/);
  const id = /data-client-id>([^<]+)</.exec(shown.body)?.[1];
  const appId = (
    await db
      .selectFrom("applications")
      .select("id")
      .where("client_id", "=", id ?? "")
      .executeTakeFirstOrThrow()
  ).id;
  const page = await admin.get(`/o/acme/manage/applications/${appId}`);
  assert.equal(page.status, 200);
  assert.ok(page.body.includes(id ?? "missing"), "the client id is always shown");
  assert.ok(!page.body.includes(secret ?? "missing"), "the secret is not shown again");
});

test("a bad registration shows the problem next to the field and stores nothing", async () => {
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get("/o/acme/manage/applications");
  const before = await db.selectFrom("applications").select("id").execute();
  const reply = await admin.post("/o/acme/manage/applications", {
    name: "",
    redirect_uris: "http://not-loopback.example/cb",
  });
  assert.equal(reply.status, 400);
  assert.match(reply.body, /id="field-name-error"[^>]*>Enter a name of 1 to 100 characters/);
  assert.match(
    reply.body,
    /id="field-redirect_uris-error"[^>]*>http:\/\/not-loopback\.example\/cb: use https/,
  );
  assert.match(reply.body, /aria-invalid="true"/);
  assert.equal((await db.selectFrom("applications").select("id").execute()).length, before.length);
});

test("deleting asks first, then removes the application", async () => {
  const { application } = await createApplication(db, vault, access, {
    name: "Doomed",
    redirectUris: [],
    actor: commandLineActor,
  });
  const admin = webClient(app);
  await admin.signIn(acme.users.orgAdmin.email, password);
  const confirm = await admin.get(`/o/acme/manage/applications/${application.id}/delete`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.body, /Delete Doomed\?/);
  const still = await db
    .selectFrom("applications")
    .select("id")
    .where("id", "=", application.id)
    .execute();
  assert.equal(still.length, 1, "opening the confirmation deletes nothing");
  const done = await admin.post(`/o/acme/manage/applications/${application.id}/delete`);
  assert.equal(done.status, 303);
  const gone = await db
    .selectFrom("applications")
    .select("id")
    .where("id", "=", application.id)
    .execute();
  assert.equal(gone.length, 0);
});
