import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";
import {
  eventually,
  type Received,
  startConferencingWorld,
  startReceiver,
} from "../support/conferencing-world.ts";

/** The parts of Cronofy's official Node SDK this test drives (the package ships no types). */
interface CronofyClient {
  urls: { api: string };
  applicationCalendar(o: { application_calendar_id: string }): Promise<{ sub: string }>;
  createNotificationChannel(o: Record<string, unknown>): Promise<{ channel: Channel }>;
  listNotificationChannels(): Promise<{ channels: Channel[] }>;
  deleteNotificationChannel(o: { channel_id: string }): Promise<unknown>;
  revokeProfileAuthorization(o: { profile_id: string }): Promise<unknown>;
  hmacValid(o: { hmac: string; body: string; client_secret: string }): boolean;
}
interface Channel {
  channel_id: string;
  callback_url: string;
  filters: Record<string, unknown>;
}
const Cronofy = createRequire(import.meta.url)("cronofy") as new (
  config: Record<string, string>,
) => CronofyClient;

const { zoom, confab, linkZoom, application } = await startConferencingWorld();
const receiver = await startReceiver();
const client = new Cronofy({
  client_id: application.clientId,
  client_secret: application.clientSecret,
});
client.urls.api = confab.url;
const { sub } = await client.applicationCalendar({ application_calendar_id: "sdk-channels" });

const hmacValid = (delivery: Received) =>
  client.hmacValid({
    hmac: String(delivery.headers["cronofy-hmac-sha256"]),
    body: delivery.body,
    client_secret: application.clientSecret,
  });

let channel: Channel;

test("the SDK opens a channel, which is sent a verification the SDK's hmacValid accepts", async () => {
  const reply = await client.createNotificationChannel({
    callback_url: receiver.url,
    filters: { only_managed: false },
  });
  channel = reply.channel;
  assert.match(channel.channel_id, /^chn_/);
  assert.equal(channel.callback_url, receiver.url);
  assert.deepEqual(channel.filters, { only_managed: false });
  const delivery = await eventually(async () => receiver.received[0], 15_000, "the verification");
  assert.ok(hmacValid(delivery));
  assert.deepEqual(JSON.parse(delivery.body), { notification: { type: "verification" }, channel });
});

test("the SDK lists the channel", async () => {
  assert.deepEqual(await client.listNotificationChannels(), { channels: [channel] });
});

test("a profile revoked through the SDK reaches the channel as conferencing_profile_disconnected", async () => {
  const profileId = await linkZoom(sub, zoom.users.member);
  await client.revokeProfileAuthorization({ profile_id: profileId });
  const delivery = await eventually(
    async () =>
      receiver.received.find(
        (r) => JSON.parse(r.body).notification.type === "conferencing_profile_disconnected",
      ),
    30_000,
    "the disconnection",
  );
  assert.ok(hmacValid(delivery));
  assert.equal(JSON.parse(delivery.body).notification.conferencing_profile.profile_id, profileId);
});

test("the SDK closes the channel, which is then no longer listed", async () => {
  await client.deleteNotificationChannel({ channel_id: channel.channel_id });
  assert.deepEqual(await client.listNotificationChannels(), { channels: [] });
});

test("a channel the egress rule refuses rejects the SDK's promise with Cronofy's error shape", async () => {
  await assert.rejects(
    client.createNotificationChannel({ callback_url: "https://10.0.0.8:9999/hooks" }),
    (error: Error) => {
      const body = JSON.parse(error.message);
      assert.match(body.errors.callback_url[0].description, /10\.0\.0\.8, a private address/);
      return true;
    },
  );
});
