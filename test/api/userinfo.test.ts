import assert from "node:assert/strict";
import { test } from "node:test";
import { startConferencingWorld } from "../support/conferencing-world.ts";

const { zoom, api, application, linkZoom } = await startConferencingWorld();

const issued = await api("POST", "/v1/application_calendars", {
  body: {
    client_id: application.clientId,
    client_secret: application.clientSecret,
    application_calendar_id: "uma",
  },
});
const token = String(issued.body.access_token);
const sub = String(issued.body.sub);

test('an application calendar\'s profile is named "cronofy", as Cronofy names it: in the token reply, its calendars and userinfo', async () => {
  assert.equal(issued.status, 200);
  const linking = issued.body.linking_profile as { provider_name: string; profile_id: string };
  assert.equal(linking.provider_name, "cronofy");
  const calendars = await api("GET", "/v1/calendars", { token });
  const [calendar] = calendars.body.calendars as { provider_name: string; profile_id: string }[];
  assert.equal(calendar?.provider_name, "cronofy");
  assert.equal(calendar?.profile_id, linking.profile_id);
  const userinfo = await api("GET", "/v1/userinfo", { token });
  const [profile] = (userinfo.body["cronofy.data"] as { profiles: Record<string, unknown>[] })
    .profiles;
  assert.equal(profile?.provider_name, "cronofy");
  assert.equal(profile?.profile_id, linking.profile_id);
  const [own] = (profile?.profile_calendars ?? []) as { provider_name: string }[];
  assert.equal(own?.provider_name, "cronofy");
});

test("userinfo has Cronofy's documented shape: an account, its authorization, its profiles and conferencing profiles", async () => {
  const profileId = await linkZoom(sub, zoom.users.member);
  const reply = await api("GET", "/v1/userinfo", { token });
  assert.equal(reply.status, 200);
  assert.equal(reply.body.sub, sub);
  assert.equal(reply.body["cronofy.type"], "account");
  const data = reply.body["cronofy.data"] as Record<string, unknown>;
  assert.deepEqual(data.authorization, {
    scope: issued.body.scope,
    status: "active",
  });
  assert.equal((data.profiles as unknown[]).length, 1);
  assert.deepEqual(data.conferencing_profiles, [
    {
      provider_name: "zoom",
      profile_id: profileId,
      profile_name: zoom.users.member,
      profile_connected: true,
    },
  ]);
});

test("an application calendar has no email, name or time zone of its own, so its userinfo leaves them out", async () => {
  const reply = await api("GET", "/v1/userinfo", { token });
  for (const field of ["email", "name", "zoneinfo"]) {
    assert.equal(field in reply.body, false, field);
  }
});
