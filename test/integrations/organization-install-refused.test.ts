import assert from "node:assert/strict";
import { test } from "node:test";
import { findOrganizationIntegration } from "../../src/integrations/organization-integration.ts";
import { commandLineActor } from "../../src/orgs/load-org-access.ts";
import { setIntegrationsEnabled } from "../../src/orgs/set-integrations-enabled.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";
import { consentAtZoom } from "../support/zoom-world.ts";

/**
 * The organization install through the pages, end to end: an org admin presses Continue, a
 * Zoom user answers at Zoom, and the browser comes back to Manage → Integrations.
 */
const { zoom, confab, db } = await startConferencingWorld();
const acme = await seedTenant(db, "Acme");
await setIntegrationsEnabled(db, {
  organizationId: acme.organization.id,
  enabled: true,
  actor: commandLineActor,
});

const fromHtml = (text: string) => text.replaceAll("&amp;", "&").replaceAll("&quot;", '"');

async function continueToZoom() {
  const admin = webClient(confab.app as NonNullable<typeof confab.app>);
  await admin.signIn(acme.users.orgAdmin.email, password);
  await admin.get("/o/acme/manage/integrations/zoom/install");
  const toZoom = await admin.post("/o/acme/manage/integrations/zoom/install");
  assert.equal(toZoom.status, 303);
  return { admin, authorizationUrl: new URL(toZoom.location ?? "") };
}

/** Follows confab's redirects from a URL Zoom sent the browser to, to the page they end on. */
async function backAtConfab(admin: ReturnType<typeof webClient>, fromZoom: URL) {
  let reply = await admin.get(`${fromZoom.pathname}${fromZoom.search}`);
  for (let hops = 0; reply.status === 303 && hops < 5; hops++) {
    const next = new URL(reply.location ?? "", confab.url);
    reply = await admin.get(`${next.pathname}${next.search}`);
  }
  return reply;
}

test("a Zoom member's refused install leads back to Manage → Integrations, which says why", async () => {
  const { admin, authorizationUrl } = await continueToZoom();
  const consent = await (await fetch(authorizationUrl)).text();
  const form = new URLSearchParams();
  for (const [, name, value] of consent.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(name as string, fromHtml(value as string));
  }
  form.set("email", zoom.users.member);
  form.set("decision", "allow");
  const refusal = await fetch(new URL("/oauth/authorize", authorizationUrl), {
    method: "POST",
    body: form,
    redirect: "manual",
  });
  assert.equal(refusal.status, 403);
  const page = await refusal.text();
  assert.match(page, /owner or admin/);
  const href = /<a class="button" href="([^"]+)">Back to /.exec(page)?.[1];
  assert.ok(href, "Zoom's refusal offers the way back to the app");
  const back = new URL(fromHtml(href));
  assert.equal(back.searchParams.get("error"), "access_denied");
  assert.match(back.searchParams.get("error_description") ?? "", /account admin or owner/);
  assert.equal(back.searchParams.get("state"), authorizationUrl.searchParams.get("state"));

  const landed = await backAtConfab(admin, back);

  assert.equal(landed.status, 200);
  assert.match(landed.body, /<title>[^<]*Integrations/);
  assert.match(landed.body, /role="alert">[^<]*not an owner or admin of the Zoom account/);
  assert.equal(await findOrganizationIntegration(db, acme.organization.id, "zoom"), undefined);
});

test("an owner's install still comes back to the Done step", async () => {
  const { admin, authorizationUrl } = await continueToZoom();
  const callback = await consentAtZoom(authorizationUrl, zoom.users.owner, "Allow");
  const landed = await backAtConfab(admin, callback);
  assert.equal(landed.status, 200);
  const installed = await findOrganizationIntegration(db, acme.organization.id, "zoom");
  assert.ok(installed);
  assert.match(landed.body, new RegExp(`name="connection_id" value="${installed.id}"`));
});
