import assert from "node:assert/strict";
import { test } from "node:test";
import { markConnectionBroken } from "../../src/connections/mark-connection-broken.ts";
import { startConferencingWorld } from "../support/conferencing-world.ts";

const { zoom, api, calendarFor, linkZoom, db } = await startConferencingWorld();
const ada = await calendarFor("ada");
const bob = await calendarFor("bob");
const adaProfile = await linkZoom(ada.sub, zoom.users.member);
const bobProfile = await linkZoom(bob.sub, zoom.users.owner);

const conferencingProfiles = async (token: string) => {
  const reply = await api("GET", "/v1/userinfo", { token });
  assert.equal(reply.status, 200);
  return (reply.body["cronofy.data"] as { conferencing_profiles: Record<string, unknown>[] })
    .conferencing_profiles;
};

test("a broken profile reads as not connected, with a relink URL that opens a Reconnect page", async () => {
  await markConnectionBroken(db, bobProfile, "Zoom access was removed from Zoom's side.");
  const [profile] = await conferencingProfiles(bob.token);
  assert.equal(profile?.profile_connected, false);
  const relink = String(profile?.profile_relink_url);
  const page = await fetch(relink);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Reconnect Zoom/);
  const forged = await fetch(`${relink.slice(0, -4)}AAAA`);
  assert.equal(forged.status, 404);
});

test("another account's profile cannot be revoked: 404, and it stays connected", async () => {
  const reply = await api("POST", `/v1/profiles/${adaProfile}/revoke`, {
    token: bob.token,
    body: {},
  });
  assert.equal(reply.status, 404);
  assert.equal((await conferencingProfiles(ada.token))[0]?.profile_connected, true);
});

test("an application calendar's own profile cannot be revoked", async () => {
  const info = await api("GET", "/v1/userinfo", { token: ada.token });
  const own = (info.body["cronofy.data"] as { profiles: { profile_id: string }[] }).profiles[0];
  const reply = await api("POST", `/v1/profiles/${own?.profile_id}/revoke`, {
    token: ada.token,
    body: {},
  });
  assert.equal(reply.status, 422);
});

test("revoking a conferencing profile disconnects it at Zoom and it leaves userinfo", async () => {
  await zoom.control("DELETE", "/calls");
  const reply = await api("POST", `/v1/profiles/${adaProfile}/revoke`, {
    token: ada.token,
    body: {},
  });
  assert.equal(reply.status, 202);
  assert.deepEqual(await conferencingProfiles(ada.token), []);
  assert.equal((await zoom.calls({ path: "/oauth/revoke", status: 200 })).length, 1);
});
