import assert from "node:assert/strict";
import { test } from "node:test";
import { createApplication } from "../../src/orgs/applications.ts";
import { commandLineActor, loadOrgAccessForCommandLine } from "../../src/orgs/load-org-access.ts";
import { openVault } from "../../src/vault/secret-keys.ts";
import { changedTables, databaseFingerprint } from "../support/database-fingerprint.ts";
import { formsOf } from "../support/page-forms.ts";
import {
  fillPath,
  formRoutes,
  openApiDocument,
  registeredRoutes,
} from "../support/registered-routes.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

/**
 * CSRF on every form. The POST routes are read from the app itself, so a form added later
 * without the check fails here. Only the API (bearer tokens, listed in the OpenAPI document)
 * and the providers' webhooks (signed) take POSTs without a form token.
 */
const { app, db, config } = await buildWebApp({
  ZOOM_OAUTH_BASE_URL: "http://127.0.0.1:9",
  ZOOM_API_BASE_URL: "http://127.0.0.1:9/v2",
  ZOOM_USER_CLIENT_ID: "csrf-user-app",
  ZOOM_USER_CLIENT_SECRET: "csrf-user-app-secret",
  ZOOM_ORG_CLIENT_ID: "csrf-org-app",
  ZOOM_ORG_CLIENT_SECRET: "csrf-org-app-secret",
});
const acme = await seedTenant(db, "Acme");
const admin = acme.users.orgAdmin;
// Allowed everything, so that only the missing token can be the reason for a refusal.
await db.updateTable("users").set({ is_operator: true }).where("id", "=", admin.id).execute();
const made = await createApplication(
  db,
  openVault(config),
  await loadOrgAccessForCommandLine(db, "acme"),
  { name: "Acme scheduler", redirectUris: [], actor: commandLineActor },
);
const values: Record<string, string> = {
  org: "acme",
  programId: acme.programs.p1.id,
  userId: acme.users.member.id,
  appId: made.application.id,
  id: acme.organization.id,
  key: "phone",
  provider: "zoom",
};
const apiPaths = Object.keys((await openApiDocument(app)).paths);
const forms = formRoutes(app, apiPaths);
const browser = webClient(app);
await browser.signIn(admin.email, password);
const otherBrowser = webClient(app);
const foreignToken = /name="_csrf" value="([^"]+)"/.exec(
  (await otherBrowser.get("/sign-in")).body,
)?.[1] as string;

test("the POST routes that take no form token are exactly the API's and the webhooks'", () => {
  const posts = registeredRoutes(app).filter((r) => r.method === "POST");
  const formUrls = new Set(forms.map((r) => r.url));
  const exempt = posts.filter((r) => !formUrls.has(r.url)).map((r) => r.url);
  assert.ok(
    exempt.length > 0 &&
      exempt.every(
        (url) =>
          apiPaths.some((p) => p.replace(/\{(\w+)\}/g, ":$1") === url) ||
          url.startsWith("/webhooks/"),
      ),
  );
  assert.ok(forms.length >= 25, `${forms.length} forms found`);
});

for (const route of forms) {
  test(`${route.url} refuses a post without a valid CSRF token, and nothing changes`, async () => {
    const url = fillPath(route.url, values, "unknown");
    const fields = {
      name: "Forged",
      email: "forged@acme.example",
      enabled: "false",
      role: "org_admin",
      password,
    };
    const before = await databaseFingerprint(db);
    for (const [why, token] of [
      ["no token", undefined],
      ["a made-up token", "forged-token"],
      ["another browser's token", foreignToken],
    ] as const) {
      const reply = await browser.postRaw(
        url,
        token === undefined ? fields : { ...fields, _csrf: token },
      );
      assert.equal(reply.status, 403, `${why}: ${reply.status} ${reply.body.slice(0, 200)}`);
      assert.match(reply.body, /This form has expired/, why);
    }
    assert.deepEqual(changedTables(before, await databaseFingerprint(db)), []);
    // The same browser is still signed in: the refusal did not sign it out.
    assert.equal((await browser.get("/account")).status, 200);
  });
}

test("every form on every page carries a CSRF token", async () => {
  const missing: string[] = [];
  let seen = 0;
  for (const persona of [browser, webClient(app)]) {
    for (const route of registeredRoutes(app).filter((r) => r.method === "GET")) {
      if (route.url.includes("*") || route.url.startsWith("/docs")) continue;
      const page = await persona.get(fillPath(route.url, values, "unknown"));
      for (const form of formsOf(page.body).filter((f) => f.method === "post")) {
        seen += 1;
        if (!form.fields.has("_csrf")) missing.push(`${route.url}: ${form.action}`);
      }
    }
  }
  assert.ok(seen > 20, `${seen} forms seen`);
  assert.deepEqual(missing, []);
});

test("a signed-in browser's cookies are worth nothing to the API: it wants a bearer token", async () => {
  const reply = await app.inject({
    method: "POST",
    url: "/v1/conferencing_service_authorizations",
    headers: {
      cookie: [...browser.jar].map(([k, v]) => `${k}=${v}`).join("; "),
      "content-type": "application/json",
    },
    payload: JSON.stringify({ redirect_uri: "https://evil.example/" }),
  });
  assert.equal(reply.statusCode, 401);
});
