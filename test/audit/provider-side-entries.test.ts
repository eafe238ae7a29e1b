/**
 * What happens to a connection on the provider's side, with no one in confab acting, is in the
 * audit log too: an uninstall at Zoom, a personal profile removed at Zoom, and a grant Zoom stops
 * honouring, each in the log of the organization it concerns and no other.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { withAccessToken } from "../../src/connections/with-access-token.ts";
import { findOrganizationIntegration } from "../../src/integrations/organization-integration.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";
import { meetingTomorrow } from "../support/meeting-spec.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password, seedTenant } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";
import { orgApp, userApp, webhookSecret } from "../support/zoom-world.ts";

const world = await startConferencingWorld();
const { zoom, confab, db, vault, provider, linkZoom, calendarFor, applicationAdmin } = world;
const { acme, installZoom } = await organizationWithZoom(world);
const globex = await seedTenant(db, "Globex");
const app = confab.app as NonNullable<typeof confab.app>;

const decode = (text: string) =>
  text
    .replace(/<[^>]+>/g, "")
    .replaceAll("&#39;", "'")
    .replaceAll("&quot;", '"')
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();

/** The audit log as its reader sees it: "who | what" per entry, newest first. */
async function logOf(browser: ReturnType<typeof webClient>, slug: string): Promise<string[]> {
  const page = await browser.get(`/o/${slug}/manage/audit-log`);
  assert.equal(page.status, 200);
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(page.body)?.[1] ?? "";
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...(row[1] ?? "").matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) =>
      decode(cell[1] ?? ""),
    );
    return cells.slice(1).join(" | ");
  });
}

async function signedIn(email: string) {
  const browser = webClient(app);
  await browser.signIn(email, password);
  return browser;
}
const acmeAdmin = await signedIn(acme.users.orgAdmin.email);
const globexAdmin = await signedIn(globex.users.orgAdmin.email);

/** Makes confab use a connection, as the next meeting would; Zoom refuses a dead grant. */
const useConnection = (connectionId: string, host = "me") =>
  withAccessToken({ db, vault, provider }, connectionId, (access) =>
    provider.createMeeting(access, meetingTomorrow("Audit", "(ref evt_audit)", { host })),
  );

test("when Zoom stops honouring an organization's install, the organization's log says confab disconnected it, and why", async () => {
  const install = await findOrganizationIntegration(db, acme.organization.id, "zoom");
  assert.ok(install);
  // Removed at Zoom with no webhook to say so: confab learns when Zoom refuses the grant.
  await zoom.control("POST", "/deauthorize", {
    client_id: orgApp.clientId,
    user_email: zoom.users.admin,
  });
  await assert.rejects(useConnection(install.id, zoom.users.owner), {
    kind: "connection_revoked",
  });
  assert.equal(
    (await findOrganizationIntegration(db, acme.organization.id, "zoom"))?.status,
    "broken",
  );
  const [latest] = await logOf(acmeAdmin, "acme");
  assert.match(
    latest ?? "",
    /^confab \| disconnected the organization's install, as the provider refused it: admin@acme\.example: Zoom no longer accepts this connection's grant; reconnect Zoom\./,
  );
  assert.ok(!(await logOf(globexAdmin, "globex")).some((entry) => entry.includes("refused")));
  await installZoom();
});

test("an uninstall on Zoom's side is in the organization's log, by Zoom, and in no other organization's", async () => {
  await zoom.control("PATCH", `/apps/${orgApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
  const { webhook } = await zoom.control<{ webhook: { status: number } }>("POST", "/deauthorize", {
    client_id: orgApp.clientId,
    user_email: zoom.users.admin,
  });
  assert.equal(webhook.status, 200);
  const [latest] = await logOf(acmeAdmin, "acme");
  assert.equal(
    latest,
    "Zoom | uninstalled the organization's install from its side: Zoom (admin@acme.example)",
  );
  assert.ok(!(await logOf(globexAdmin, "globex")).some((entry) => entry.startsWith("Zoom |")));
});

test("a personal profile Zoom stops honouring is in the log of the organization whose application holds it", async () => {
  const { browser } = await applicationAdmin(world.application, "apps-admin@scheduling.example");
  const calendar = await calendarFor("coach-audit");
  const profileId = await linkZoom(calendar.sub, zoom.users.other);
  await zoom.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.other,
  });
  await assert.rejects(useConnection(profileId), { kind: "connection_revoked" });
  const [latest] = await logOf(browser, "scheduling-1");
  assert.match(
    latest ?? "",
    /^confab \| disconnected a personal profile, as the provider refused it: other@acme\.example: Zoom/,
  );
  assert.ok(!(await logOf(acmeAdmin, "acme")).some((entry) => entry.includes("other@acme")));
});

test("a member's own personal profile removed on Zoom's side stays out of every organization's log", async () => {
  await linkZoom(acme.users.mentor.id, zoom.users.member);
  await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
  const { webhook } = await zoom.control<{ webhook: { status: number } }>("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.member,
  });
  assert.equal(webhook.status, 200);
  const removed = await db
    .selectFrom("provider_connections")
    .select("status")
    .where("owner_ref", "=", acme.users.mentor.id)
    .executeTakeFirstOrThrow();
  assert.equal(removed.status, "broken", "the deauthorization was acted on");
  for (const [admin, slug] of [
    [acmeAdmin, "acme"],
    [globexAdmin, "globex"],
  ] as const) {
    const log = await logOf(admin, slug);
    assert.ok(
      !log.some((entry) => entry.includes("personal profile from its side: Zoom (member@")),
    );
  }
});
