import assert from "node:assert/strict";
import { test } from "node:test";
import { accessTokenPurpose } from "../../src/connections/connection-secrets.ts";
import { eventually, startConferencingWorld } from "../support/conferencing-world.ts";

const { zoom, db, vault, calendarFor, linkZoom, registerApplication, applicationAdmin } =
  await startConferencingWorld();

test("deleting an application, after a confirmation naming what goes, revokes its calendars' Zoom grants at Zoom", async () => {
  const application = await registerApplication();
  const first = await calendarFor("first", application);
  await calendarFor("second", application);
  const connectionId = await linkZoom(first.sub, zoom.users.member);
  const stored = await db
    .selectFrom("provider_connections")
    .select("access_token")
    .where("id", "=", connectionId)
    .executeTakeFirstOrThrow();
  const zoomToken = vault.decrypt(stored.access_token as string, accessTokenPurpose);
  const asZoom = () =>
    fetch(`${zoom.url}/v2/users/me`, { headers: { authorization: `Bearer ${zoomToken}` } });
  assert.equal((await asZoom()).status, 200, "the grant is live at Zoom");

  const { browser, page: base } = await applicationAdmin(
    application,
    "deleting-admin@scheduling.example",
  );
  const confirm = await browser.get(`${base}/delete`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.body, /2 application calendars/);
  assert.match(confirm.body, /1 Zoom connection\s+made through\s+them\s+is\s+revoked at Zoom/);

  const deleted = await browser.post(`${base}/delete`);
  assert.equal(deleted.status, 303);
  await eventually(
    async () => (await asZoom()).status === 401,
    15_000,
    "the grant revoked at Zoom",
  );
  // The grant is revoked at Zoom first, and the connection recorded as removed in the step after.
  const after = await eventually(
    () =>
      db
        .selectFrom("provider_connections")
        .select(["status", "access_token", "refresh_token"])
        .where("id", "=", connectionId)
        .where("status", "=", "removed")
        .executeTakeFirst(),
    15_000,
    "the connection recorded as removed",
  );
  assert.deepEqual(after, { status: "removed", access_token: null, refresh_token: null });
});
