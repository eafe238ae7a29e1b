import assert from "node:assert/strict";
import { test } from "node:test";
import { setProgramProviderMode } from "../../src/integrations/set-program-provider-mode.ts";
import { uninstallOrganizationIntegration } from "../../src/integrations/uninstall-organization-integration.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";
import { organizationWithZoom } from "../support/organization-zoom.ts";
import { password } from "../support/tenant.ts";
import { webClient } from "../support/web-client.ts";

/**
 * A Zoom meeting is never lost by an edit made while Zoom cannot be used for new meetings: it
 * keeps its mode and link, and a switch away from Zoom deletes the Zoom meeting as soon as Zoom
 * can be reached again.
 */
const world = await startConferencingWorld();
const { confab, db, vault, provider } = world;
const { acme, actor, as, installZoom, sandboxMeeting } = await organizationWithZoom(world);
const { p1 } = acme.programs;
const { mentor, mentee, programAdmin, orgAdmin } = acme.users;
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const form = (mode: string, title = "Career chat") => ({
  title,
  description: "",
  date: tomorrow,
  time: "11:00",
  duration: "30",
  timeZone: "Europe/Paris",
  mode,
  invitees: mentee.id,
});
const browser = webClient(confab.app as NonNullable<typeof confab.app>);
await browser.signIn(mentor.email, password);

async function zoomMeeting(title: string) {
  const created = await browser.post(`/o/acme/programs/${p1.id}/meetings`, {
    ...form("zoom", title),
    step: "save",
  });
  assert.equal(created.status, 303);
  // The meeting's own address, without the one-time "saved" notice of the redirect.
  const page = (created.location ?? "").split("?")[0] as string;
  const zoomId = await eventually(
    async () => /data-join-url>[^<]*\/j\/(\d+)/.exec((await browser.get(page)).body)?.[1],
    30_000,
    "the join link",
  );
  return { page, zoomId };
}

const uninstall = async () =>
  uninstallOrganizationIntegration({ db, vault, provider }, await as(orgAdmin), { actor });

test("a Zoom meeting changed while Zoom is turned off for the program keeps Zoom, and the change reaches the same Zoom meeting", async () => {
  const { page, zoomId } = await zoomMeeting("Career chat");
  await setProgramProviderMode(db, await as(programAdmin), p1, {
    provider,
    enabled: false,
    actor,
  });
  try {
    const edit = (await browser.get(`${page}/edit`)).body;
    assert.match(edit, /value="zoom"/, "the form still offers the meeting's own mode");
    assert.match(edit, /Zoom is turned off for new meetings in this program: this meeting keeps/);
    const saved = await browser.post(page, {
      ...form("zoom", "Career chat, moved on"),
      step: "save",
    });
    assert.equal(saved.status, 303);
    await eventually(
      async () => (await sandboxMeeting(zoomId))?.topic === "Career chat, moved on",
      30_000,
      "the new title in the same Zoom meeting",
    );
  } finally {
    await setProgramProviderMode(db, await as(programAdmin), p1, {
      provider,
      enabled: true,
      actor,
    });
  }
});

test("a Zoom meeting changed while Zoom is uninstalled keeps its link, and the change reaches Zoom once it is installed again", async () => {
  const { page, zoomId } = await zoomMeeting("Mock interview");
  await uninstall();
  const edit = (await browser.get(`${page}/edit`)).body;
  assert.match(
    edit,
    /Zoom is not installed for the organization now: this meeting keeps its Zoom link/,
  );
  const review = await browser.post(page, form("zoom", "Mock interview, second round"));
  assert.equal(review.status, 200);
  assert.match(review.body, /still hosts it/);
  const saved = await browser.post(page, {
    ...form("zoom", "Mock interview, second round"),
    step: "save",
  });
  assert.equal(saved.status, 303);
  assert.equal(
    (await sandboxMeeting(zoomId))?.topic,
    "Mock interview",
    "Zoom is not reachable yet",
  );

  await installZoom();
  await eventually(
    async () => (await sandboxMeeting(zoomId))?.topic === "Mock interview, second round",
    30_000,
    "the queued change in Zoom",
  );
  assert.match((await browser.get(page)).body, new RegExp(`/j/${zoomId}`), "the same join link");
});

test("switching a Zoom meeting to Phone while Zoom is uninstalled deletes its Zoom meeting once Zoom is installed again", async () => {
  const { page, zoomId } = await zoomMeeting("Portfolio review");
  await uninstall();
  const switched = await browser.post(page, { ...form("phone", "Portfolio review"), step: "save" });
  assert.equal(switched.status, 303);
  const shown = (await browser.get(page)).body;
  assert.doesNotMatch(shown, /data-join-url>/, "the old Zoom link is not offered for a phone call");
  assert.ok(await sandboxMeeting(zoomId), "Zoom cannot be reached, so the meeting is still there");

  await installZoom();
  await eventually(
    async () => (await sandboxMeeting(zoomId)) === undefined,
    30_000,
    "the Zoom meeting deleted once Zoom is back",
  );
});
