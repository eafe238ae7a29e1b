import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { test } from "node:test";
import {
  eventually,
  type Received,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";
import { untilNoJobsLeft } from "../support/jobs-left.ts";
import { userApp, webhookSecret } from "../support/zoom-world.ts";

const { zoom, confab, api, calendarFor, linkZoom, db, application } =
  await startConferencingWorld();

const start = new Date(Date.now() + 2 * 24 * 3600_000);

/** A calendar with a linked Zoom profile and an open channel, its verification delivered. */
async function accountWithChannel(name: string, zoomUser: string) {
  const receiver = await startReceiver();
  const calendar = await calendarFor(name);
  const profileId = await linkZoom(calendar.sub, zoomUser);
  const reply = await api("POST", "/v1/channels", {
    token: calendar.token,
    body: { callback_url: receiver.url },
  });
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  await eventually(async () => receiver.received.length === 1, 15_000, "the verification");
  return { receiver, calendar, profileId, channel: reply.body.channel as Record<string, unknown> };
}

function disconnectedNotices(received: Received[]) {
  return received.filter(
    (r) => JSON.parse(r.body).notification.type === "conferencing_profile_disconnected",
  );
}

const nextNotice = (received: Received[]) =>
  eventually(
    async () => disconnectedNotices(received)[0],
    30_000,
    "a conferencing_profile_disconnected notification",
  );

async function untilDelivered() {
  await untilNoJobsLeft(
    db,
    { tasks: ["conferencing:deliver_notification", "conferencing:provision_meeting"] },
    "every notification delivered",
  );
}

const signedWithClientSecret = (delivery: Received) =>
  delivery.headers["cronofy-hmac-sha256"] ===
  createHmac("sha256", application.clientSecret).update(delivery.body).digest("base64");

test("revoking a Zoom profile through the API sends a signed conferencing_profile_disconnected to every open channel of the account", async () => {
  const { receiver, calendar, profileId, channel } = await accountWithChannel(
    "revokes-zoom",
    zoom.users.member,
  );
  const second = await startReceiver();
  const other = await api("POST", "/v1/channels", {
    token: calendar.token,
    body: { callback_url: second.url, filters: { only_managed: true } },
  });

  const revoked = await api("POST", `/v1/profiles/${profileId}/revoke`, { token: calendar.token });
  assert.equal(revoked.status, 202);

  const delivery = await nextNotice(receiver.received);
  assert.ok(signedWithClientSecret(delivery), "Cronofy-HMAC-SHA256 verifies with the secret");
  assert.match(String(delivery.headers["confab-signature"]), /^t=\d+,id=ntf_/);
  assert.deepEqual(JSON.parse(delivery.body), {
    notification: {
      type: "conferencing_profile_disconnected",
      conferencing_profile: {
        provider_name: "zoom",
        profile_id: profileId,
        profile_name: zoom.users.member,
        profile_connected: false,
      },
    },
    channel,
  });
  const toSecond = await nextNotice(second.received);
  assert.ok(signedWithClientSecret(toSecond));
  assert.deepEqual(JSON.parse(toSecond.body).channel, other.body.channel);
  assert.doesNotMatch(delivery.body, /relink|token/, "no link or credential in the body");
});

test("a profile Zoom stops honouring is announced when confab next uses it, once, and removing it afterwards announces nothing more", async () => {
  const { receiver, calendar, profileId } = await accountWithChannel(
    "loses-zoom",
    zoom.users.other,
  );
  // No webhook tells confab here: it learns when Zoom refuses the grant on the next meeting.
  await zoom.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.other,
  });
  const upsert = await api("POST", `/v1/calendars/${calendar.calendarId}/events`, {
    token: calendar.token,
    body: {
      event_id: "needs-zoom",
      summary: "Needs Zoom",
      start: start.toISOString(),
      end: new Date(start.getTime() + 1800_000).toISOString(),
      conferencing: { profile_id: "default" },
    },
  });
  assert.equal(upsert.status, 202);
  const delivery = await nextNotice(receiver.received);
  assert.ok(signedWithClientSecret(delivery));
  assert.equal(JSON.parse(delivery.body).notification.conferencing_profile.profile_id, profileId);
  const info = await api("GET", "/v1/userinfo", { token: calendar.token });
  const profiles = (
    info.body["cronofy.data"] as {
      conferencing_profiles: { profile_id: string; profile_connected: boolean }[];
    }
  ).conferencing_profiles;
  assert.equal(profiles.find((p) => p.profile_id === profileId)?.profile_connected, false);

  const revoked = await api("POST", `/v1/profiles/${profileId}/revoke`, { token: calendar.token });
  assert.equal(revoked.status, 202);
  await untilDelivered();
  assert.equal(disconnectedNotices(receiver.received).length, 1, "told once, when it stopped");
});

test("one account's disconnection is never told to another account's channels", async () => {
  const teller = await accountWithChannel("disconnects", zoom.users.owner);
  const bystander = await accountWithChannel("stays-connected", zoom.users.admin);
  await api("POST", `/v1/profiles/${teller.profileId}/revoke`, { token: teller.calendar.token });
  await nextNotice(teller.receiver.received);
  await untilDelivered();
  assert.deepEqual(disconnectedNotices(bystander.receiver.received), []);
});

test("a profile uninstalled at Zoom is announced to its account's channels when Zoom's webhook arrives", async () => {
  await zoom.control("PATCH", `/apps/${userApp.clientId}`, {
    webhook_url: `${confab.url}/webhooks/zoom`,
    webhook_secret: webhookSecret,
  });
  const { receiver, profileId } = await accountWithChannel("uninstalls-zoom", zoom.users.member);
  await zoom.control("POST", "/deauthorize", {
    client_id: userApp.clientId,
    user_email: zoom.users.member,
  });
  const delivery = await nextNotice(receiver.received);
  assert.ok(signedWithClientSecret(delivery));
  const { notification } = JSON.parse(delivery.body);
  assert.equal(notification.conferencing_profile.profile_id, profileId);
  assert.equal(notification.conferencing_profile.profile_connected, false);
  const row = await db
    .selectFrom("provider_connections")
    .select("status")
    .where("id", "=", profileId)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, "broken");
});
