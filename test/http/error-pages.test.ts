import assert from "node:assert/strict";
import { test } from "node:test";
import { helpHref } from "../../src/web/help-links.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { buildWebApp } from "../support/web-app.ts";
import { webClient } from "../support/web-client.ts";

const supported = await buildWebApp({
  CONFAB_SUPPORT_URL: "https://help.example.com/confab",
  CONFAB_SUPPORT_EMAIL: "help@example.com",
});
const acme = await seedTenant(supported.db, "Acme");
await seedTenant(supported.db, "Globex");
const unsupported = await buildWebApp();
const plain = await seedTenant(unsupported.db, "Acme");

async function signedIn(app: typeof supported.app, email: string) {
  const client = webClient(app);
  await client.signIn(email, password);
  return client;
}

const helpLinks = (body: string) => [...body.matchAll(/<a href="([^"]*)" data-help>Help<\/a>/g)];
const organizationHeader = (body: string) =>
  /<header class="top-bar">[\s\S]*<\/header>/.exec(body)?.[0] ?? "";

test("with a support page set, the account menu has a Help link to it", async () => {
  const mentor = await signedIn(supported.app, acme.users.mentor.email);
  const page = await mentor.get("/account");
  assert.equal(page.status, 200);
  const menu = /<details class="menu account-menu">[\s\S]*?<\/details>/.exec(page.body)?.[0] ?? "";
  assert.deepEqual(
    helpLinks(menu).map((m) => m[1]),
    ["https://help.example.com/confab"],
  );
});

test("every error page offers Help: a refused page, a missing one inside confab, and an address that does not exist", async () => {
  const mentee = await signedIn(supported.app, acme.users.mentee.email);
  const refused = await mentee.get("/o/acme/manage/members");
  assert.equal(refused.status, 403);
  const missing = await mentee.get("/o/acme/programs/not-a-program");
  assert.equal(missing.status, 404);
  const nowhere = await supported.app.inject({
    method: "GET",
    url: "/no/such/page",
    headers: { accept: "text/html" },
  });
  assert.equal(nowhere.statusCode, 404);
  for (const body of [refused.body, missing.body, nowhere.body]) {
    const main = /<main[\s\S]*<\/main>/.exec(body)?.[0] ?? "";
    assert.deepEqual(
      helpLinks(main).map((m) => m[1]),
      ["https://help.example.com/confab"],
    );
  }
});

test("an error page inside an organization keeps its header: the organization's name and its Programs link", async () => {
  const mentee = await signedIn(supported.app, acme.users.mentee.email);
  for (const url of ["/o/acme/programs/not-a-program", "/o/acme/manage"]) {
    const page = await mentee.get(url);
    assert.ok([403, 404].includes(page.status), `${url}: ${page.status}`);
    const header = organizationHeader(page.body);
    assert.match(header, /Organization: <\/span><span class="menu-label">Acme<\/span>/, url);
    assert.match(header, /<a href="\/o\/acme">Programs<\/a>/, url);
    assert.doesNotMatch(header, /\/o\/acme\/manage/, "a mentee still gets no Manage link");
  }
  const admin = await signedIn(supported.app, acme.users.orgAdmin.email);
  const page = await admin.get("/o/acme/manage/members/not-a-member/remove");
  assert.equal(page.status, 404);
  assert.match(organizationHeader(page.body), /<a href="\/o\/acme\/manage">Manage<\/a>/);
});

test("an error about an organization the viewer is not in names no organization in the header", async () => {
  const mentee = await signedIn(supported.app, acme.users.mentee.email);
  const page = await mentee.get("/o/globex/programs/not-a-program");
  assert.equal(page.status, 404);
  const header = organizationHeader(page.body);
  assert.doesNotMatch(header, /Globex|\/o\/globex/);
  assert.doesNotMatch(header, /<a href="\/o\/acme">Programs<\/a>/);
});

test("where an admin must ask for integrations, the operator's support page and address are named", async () => {
  const admin = await signedIn(supported.app, acme.users.orgAdmin.email);
  const page = await admin.get("/o/acme/manage/integrations");
  assert.equal(page.status, 200);
  assert.match(page.body, /Integrations are not enabled for Acme/);
  assert.match(page.body, /href="https:\/\/help\.example\.com\/confab"/);
  assert.match(page.body, /href="mailto:help@example\.com"/);
});

test("without CONFAB_SUPPORT_URL or CONFAB_SUPPORT_EMAIL there is no Help link anywhere", async () => {
  const mentee = await signedIn(unsupported.app, plain.users.mentee.email);
  for (const url of ["/account", "/o/acme/programs/not-a-program"]) {
    const page = await mentee.get(url);
    assert.doesNotMatch(page.body, />Help</, url);
  }
  const nowhere = await unsupported.app.inject({
    method: "GET",
    url: "/no/such/page",
    headers: { accept: "text/html" },
  });
  assert.doesNotMatch(nowhere.body, />Help</);
});

test("with only a support address, Help writes to it", () => {
  assert.equal(helpHref({ url: undefined, email: "help@example.com" }), "mailto:help@example.com");
  assert.equal(
    helpHref({ url: "https://help.example.com", email: "help@example.com" }),
    "https://help.example.com",
  );
  assert.equal(helpHref({ url: undefined, email: undefined }), undefined);
});
